// Fill lists for the held-out sets, written for this generator from general knowledge (not from any
// evaluation text and not from the engine's dictionaries). Street addresses with their town and ZIP
// also come from the Synthea FHIR bundles (../shared/data/fhir), when present.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

const w = (s) => s.trim().split(/\s*\|\s*/);

// Given names by origin: [female, male].
export const GIVEN = {
  us: [w('Linda|Patricia|Barbara|Deborah|Sharon|Kimberly|Tammy|Brenda|Crystal|Heather|Amber|Brittany|Kayla|Megan|Shelby|Tiffany|Dolores|Mildred|Gladys|Bernice|Lorraine|Joyce|Rose|Grace|Hope|Joy|Faith|June|Ivy|Dawn|Summer|Autumn|Madison|Harper|Peyton'),
    w('Gary|Larry|Dennis|Randy|Wayne|Russell|Bobby|Dale|Travis|Dustin|Cody|Brandon|Tyler|Kyle|Chase|Hunter|Garrett|Earl|Herbert|Clarence|Wendell|Lloyd|Floyd|Homer|Otis|Bill|Will|Art|Buck|Rusty|Jack|Mason|Rich|Frank|Sonny')],
  hispanic: [w('Guadalupe|Maricela|Yesenia|Xiomara|Rocío|Marisol|Lucía|Graciela|Itzel|Ximena|Consuelo|Dulce|Esperanza|Milagros|Beatriz|Inés'),
    w('Jesús|Alejandro|Rogelio|Efraín|Ezequiel|Joaquín|Rigoberto|Héctor|Santiago|Osvaldo|Wilfredo|Nicolás|Ramiro|Aurelio|Gerardo|Tomás')],
  vietnamese: [w('Thi Lan|Ngoc Anh|Thuy|Hoa|Mai|Huong|Phuong|Linh|Trang|Thao'), w('Van Minh|Duc|Quang|Tuan|Hung|Khanh|Phuc|Bao|Thanh|Long')],
  chinese: [w('Xiaoling|Meihua|Yufei|Jing|Lihua|Shuang|Wenjing|Xinyi|Ying|Qian'), w('Zhiwei|Jianguo|Haoran|Wei|Guoqiang|Yong|Lei|Jun|Zhen|Bo')],
  korean: [w('Ji-yeon|Soo-ah|Min-ji|Eun-hee|Hye-jin|Seo-yeon'), w('Jae-hyun|Min-ho|Sung-min|Dong-hyun|Jin-woo|Young-soo')],
  indian: [w('Priyanka|Lakshmi|Sunita|Kavitha|Deepa|Anjali|Shreya|Meenakshi|Pooja|Nirmala|Radhika'), w('Rajesh|Venkatesh|Sanjay|Arjun|Suresh|Harpreet|Mahesh|Anand|Vikram|Pradeep|Srinivas')],
  arabic: [w('Fatima|Aisha|Yasmin|Noor|Layla|Mariam|Huda|Rania|Zainab|Samira'), w('Mohammed|Omar|Tariq|Khalid|Youssef|Hassan|Mustafa|Ibrahim|Karim|Bilal')],
  west_african: [w('Adaeze|Chiamaka|Folasade|Ngozi|Yetunde|Abena|Akosua|Funmilayo|Ifeoma|Temitope'), w('Chukwuemeka|Oluwaseun|Babatunde|Kwame|Kofi|Adebayo|Ikechukwu|Olumide|Emeka|Yaw')],
  east_african: [w('Hiwot|Selamawit|Tigist|Amina|Hodan|Faduma|Wanjiru|Nyambura'), w('Tesfaye|Dawit|Abdirahman|Mohamud|Kiprop|Mwangi|Getachew|Yonas')],
  slavic: [w('Agnieszka|Małgorzata|Katarzyna|Svetlana|Oksana|Natalia|Irina|Zofia|Jadwiga|Ludmila'), w('Krzysztof|Wojciech|Grzegorz|Dmitri|Sergei|Vladimir|Bogdan|Tadeusz|Miroslav|Oleksandr')],
  european: [w('Ingrid|Brigitte|Sieglinde|Francesca|Giulia|Siobhan|Aoife|Niamh|Margarida|Annelies|Sofia|Eleni'), w('Jürgen|Dieter|Giuseppe|Salvatore|Pádraig|Ciarán|Sven|Henrik|Joaquim|Dimitrios|Lars|Matthias')],
  haitian_filipino: [w('Marie-Claude|Guerline|Nadège|Rosemond|Maricel|Jocelyn|Lourdes|Analyn'), w('Jean-Baptiste|Wilner|Fritzner|Dieudonné|Rodrigo|Jericho|Ramil|Bienvenido')],
  japanese: [w('Yuko|Keiko|Haruka|Aiko|Sachiko|Emi'), w('Hiroshi|Takeshi|Kenji|Daisuke|Masato|Shinji')],
};

export const SURNAMES = {
  us: w('Whitaker|Holloway|Pruitt|Stanton|McAllister|Rutherford|Kowalczyk|Hensley|Burkhart|Oakley|Dunbar|Pickett|Vance|Lusk|Caldwell|Mayfield|Thibodeaux|Ledbetter|Tolliver|Gaines|Summers|Price|Hall|Young|Brown|White|Long|Street|Bush|Church|Rice|Marsh|Frost|Hill|Wood|Gamble|Sizemore|Goodnight|Pennington|Blankenship|Winslow|Crenshaw|Fairbanks|Stroud|Beasley|Puckett|Arrington|McCrory|Yoder|Lockhart'),
  hispanic: w('Villanueva|Saldaña|Quintanilla|Echeverría|Zamora|Montoya|Arreola|Cervantes|Bustamante|Ochoa|Valenzuela|Figueroa|Sandoval|Maldonado|Ibarra|de la Cruz|García-López|Peña|Núñez|Treviño'),
  vietnamese: w('Nguyen|Tran|Pham|Le|Hoang|Huynh|Vo|Dang|Bui|Truong'),
  chinese: w('Zhang|Liu|Chen|Huang|Zhao|Wu|Zhou|Xu|Sun|Guo|Lin|Cheung|Wong|Leung'),
  korean: w('Kim|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim|Han'),
  indian: w('Venkataraman|Subramanian|Chaudhary|Deshpande|Krishnamurthy|Agarwal|Bhattacharya|Iyer|Reddy|Sandhu|Gill|Nair|Menon|Kulkarni|Trivedi'),
  arabic: w('Al-Sayed|Haddad|Nasser|Abdullah|El-Amin|Khoury|Mansour|Saleh|Hamdan|Qureshi|Farouk|Al-Hakim'),
  west_african: w('Okonkwo|Adeyemi|Oyelaran|Nwosu|Mensah|Asante|Owusu|Eze|Obi|Balogun|Adebayo|Okafor'),
  east_african: w('Tesfaye|Haile|Gebremariam|Abdi|Warsame|Omondi|Kamau|Mekonnen|Hussein|Wolde'),
  slavic: w('Wiśniewski|Zielinska|Nowak|Kowalski|Ivanova|Petrov|Sokolov|Kuznetsova|Shevchenko|Bondarenko|Dvořák|Horvat'),
  european: w("Schneider|Baumgartner|Esposito|Ferraro|O'Sullivan|Ní Bhriain|McGillicuddy|Lindqvist|Johansson|van der Berg|De Smet|Papadopoulos|Fernandes|Oliveira|Dubois|Lefebvre|D'Angelo"),
  haitian_filipino: w('Pierre-Louis|Jean-Charles|Désir|Toussaint|Étienne|Dela Cruz|Bautista|Magsaysay|Villanueva|Reyes|Macaraeg'),
  japanese: w('Tanaka|Watanabe|Yamamoto|Nakamura|Kobayashi|Saito|Fujimoto|Ishikawa'),
};
export const ORIGINS = Object.keys(GIVEN);
export const ORIGIN_WEIGHTS = ORIGINS.map((o) => [o === 'us' ? 8 : o === 'hispanic' ? 4 : 2, o]);

// Clinician titles and suffixes as people write them.
export const PROV_PREFIX = w('Dr.|Dr|dr|DR.|Doctor|dr.|Dr .');
export const PROV_SUFFIX = w('MD|M.D.|DO|NP|PA-C|RN|APRN|FNP-C|CNM|PharmD|DPM|LCSW|RT');
export const PROV_ROLE = w('attending|resident|fellow|intern|pcp|PCP|cardiology fellow|hospitalist|NP|nephrologist|surgeon|anesthesia|charge RN|covering MD|on-call|night float');
export const RELATIONS = w('wife|husband|son|daughter|dtr|sister|brother|mother|father|niece|nephew|grandson|granddaughter|partner|fiancé|neighbor|friend|HCP|health care proxy|POA|guardian|stepson|daughter-in-law|son-in-law|caregiver|aunt|uncle|cousin');

// Towns and cities (US and elsewhere) and US states (states are not Safe Harbor identifiers).
export const TOWNS = w('Fall River|Chicopee|Lowell|Brockton|Pittsfield|Shrewsbury|Natick|Dorchester|Mattapan|Revere|Taunton|Attleboro|Ware|Athol|Gardner|Yonkers|Paterson|Camden|Scranton|Altoona|Youngstown|Dayton|Toledo|Gary|Flint|Kalamazoo|Peoria|Joliet|Dubuque|Sioux Falls|Fargo|Bismarck|Billings|Boise|Spokane|Tacoma|Eugene|Fresno|Modesto|Bakersfield|Stockton|Oxnard|Tucson|Yuma|Flagstaff|Las Cruces|El Paso|Laredo|Lubbock|Amarillo|Waco|Tyler|Shreveport|Baton Rouge|Biloxi|Mobile|Macon|Savannah|Augusta|Asheville|Greenville|Roanoke|Lynchburg|Chattanooga|Knoxville|Paducah|Bowling Green|Terre Haute|Muncie|Hialeah|Kissimmee|Ocala|Gainesville|Pensacola|Marietta|Cheyenne|Pueblo|Provo|Ogden|Reno|Henderson|Anchorage|Hilo|Burlington|Nashua|Bangor|Lewiston|Hartford|New Haven|Waterbury|Pawtucket|Woonsocket|Cranston');
export const TOWNS_ABROAD = w('Guadalajara|Puebla|Santo Domingo|Port-au-Prince|Cap-Haïtien|Kraków|Łódź|Lagos|Ibadan|Enugu|Kumasi|Addis Ababa|Mogadishu|Nairobi|Hanoi|Da Nang|Chennai|Hyderabad|Ludhiana|Karachi|Lahore|Beirut|Amman|Cairo|Manila|Cebu|Kyiv|Odesa|Porto|Naples|Palermo|Cork|Galway|Hamburg|Guangzhou|Busan');
export const COUNTRIES = w('Mexico|Guatemala|El Salvador|Haiti|Nigeria|Ghana|Ethiopia|Somalia|Vietnam|India|Pakistan|Lebanon|Syria|Egypt|Philippines|Poland|Ukraine|Portugal|Italy|Ireland|China|South Korea|Brazil|Cape Verde');
export const STATES = w('Massachusetts|New York|Ohio|Texas|Florida|Georgia|Arizona|California|Michigan|Illinois|Pennsylvania|Tennessee|Oregon|Maine|Iowa');
export const STATE_ABBR = w('MA|NY|OH|TX|FL|GA|AZ|CA|MI|IL|PA|TN|OR|ME|IA|NC|VA|WA|CO|NJ');
export const COUNTIES = w('Hampden County|Bristol County|Worcester County|Essex County|Cook County|Maricopa County|Cuyahoga County|Wayne County|Hidalgo County|Fulton County|Berkshire County|Plymouth County');

// Facilities: named hospitals, clinics, nursing homes (Safe Harbor: geographic / facility names are locations).
const HOSP_STEM = w('St. Brigid|Saint Raphael|Mercy|Good Samaritan|Holy Family|Our Lady of Lourdes|Providence|Baystate|Lakeview|Riverbend|Cedar Ridge|Pine Hill|Harbor View|Bayfront|Valley Regional|Tri-County|Mount Sinai|St. Vincent|Sacred Heart|Franciscan|Shepherd|Beth Israel|Memorial|Hilltop|Northshore|Fairview|Kindred');
const HOSP_KIND = w('Hospital|Medical Center|General Hospital|Regional Medical Center|Community Hospital|Children\'s Hospital|Health System');
export const CLINICS = w('Eastside Family Health Center|Codman Square Health Center|Brightwood Health Center|La Clínica del Pueblo|Northgate Dialysis|Fresenius Kidney Care Elm Park|Greenfield Pediatrics|Cedar Street Cardiology|Harborside Wound Clinic|Lakeshore Oncology Associates|Riverbend Urgent Care|MinuteClinic on Broadway|Valley Orthopedic Group|Sunset Park Family Practice');
export const NURSING_HOMES = w('Maple Grove Rehab|Sunrise of Westwood|Brookhaven Nursing and Rehabilitation|Willowcrest Manor|The Arbors at Chicopee|Oak Knoll Healthcare|Heritage Gardens|Pleasant View Assisted Living|Hebrew SeniorLife|Golden Living Center');
export const HOSPITALS = HOSP_STEM.flatMap((s, i) => [`${s} ${HOSP_KIND[i % HOSP_KIND.length]}`, `${s} ${HOSP_KIND[(i * 3 + 1) % HOSP_KIND.length]}`]);
export const HOSP_SHORT = w('Mercy|Baystate|St. Brigid\'s|Good Sam|Holy Family|Lakeview|Providence|St. V\'s|Sacred Heart|Beth Israel|Memorial|Fairview');
// Generic units that are not identifying (unlabelled on purpose) and named ones that are.
export const UNITS_GENERIC = w('MICU|SICU|CCU|CVICU|NICU|PACU|ED|ER|4 West|5 North|6B|step-down|tele|med-surg|L&D|the floor|rehab unit|psych|OR|cath lab|IR|dialysis unit');
export const UNITS_NAMED = w('Ellison 12|Phillips House|Farber 7|Kessler 4 West|Lunder 9|Blake 8|Reisman 3|Shapiro 6|Stoneman 5|Feldberg 7');

// Streets for addresses of our own (house number added by the caller).
export const STREET_NAMES = w('Elm|Maple|Oak|Chestnut|Walnut|Pleasant|Prospect|Highland|Lincoln|Jefferson|Washington|Franklin|Liberty|Union|Church|School|Mill|Water|Spring|Bridge|Cottage|Summit|Orchard|Ridge|Winter|Forest|Hancock|Adams|Kennedy|Martin Luther King Jr|Cesar Chavez|Old Post|Boston Post|Cranberry|Quarry|Dorchester|Blue Hill|Tremont|Belmont|Magnolia|Sycamore|Dogwood|Peachtree|Bayou|Mesa Verde|Calle Ocho|Avenida del Sol');
export const STREET_TYPES = w('St|St.|Street|Ave|Ave.|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Ct|Court|Blvd|Way|Pl|Terrace|Circle|Pkwy|Hwy');
export const UNIT_DESIG = w('Apt|Apt.|Apartment|Unit|#|Suite|Ste|Fl|Bldg|Lot|Rm');
export const DIRECTIONS = w('N|S|E|W|North|South|East|West|NE|SW');

export const EMAIL_DOMAINS = w('gmail.com|yahoo.com|hotmail.com|outlook.com|aol.com|icloud.com|comcast.net|verizon.net|att.net|msn.com|protonmail.com|live.com|sbcglobal.net|charter.net|mail.ru|yahoo.com.mx|gmx.de|wp.pl');
export const PAYERS = w('Blue Cross Blue Shield|Aetna|Cigna|UnitedHealthcare|Humana|Tufts Health Plan|Harvard Pilgrim|MassHealth|Medicaid|Medicare|Kaiser Permanente|Anthem|Molina Healthcare|Ambetter|WellCare|Fallon Health|Health New England|Oscar|Centene|Highmark');
export const EMPLOYERS = w('Walmart|Home Depot|Amazon warehouse|the post office|Stop & Shop|the school district|FedEx|a nail salon|Dunkin|General Dynamics|the county jail|a landscaping company|Target|UPS|the shipyard|a trucking company');

/** Street addresses from the Synthea FHIR bundles: { line, city, state, zip }. */
export function fhirAddresses(dataDir) {
  const dir = path.join(dataDir, 'fhir');
  if (!existsSync(dir)) return [];
  const out = [], seen = new Set();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    let bundle;
    try { bundle = JSON.parse(readFileSync(path.join(dir, f), 'utf8')); } catch { continue; }
    for (const e of bundle.entry ?? []) {
      for (const a of e.resource?.address ?? []) {
        const line = a.line?.[0], city = a.city, zip = a.postalCode;
        if (!line || !city || !zip || /&/.test(line)) continue;
        const key = `${line}|${city}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ line, city, state: a.state?.length === 2 ? a.state : 'MA', zip: String(zip).padStart(5, '0') });
      }
    }
  }
  return out;
}
