// Word pools written from general knowledge of US names, places and healthcare organisations.
const w = (s) => s.trim().split(/\s*\|\s*|\s{2,}|\n/).filter(Boolean);

export const FIRST_F = w(`Mary | Patricia | Linda | Barbara | Dolores | Shirley | Jean | Dorothy | Carol | Joanne | Karen | Denise
Tammy | Brenda | Crystal | Latoya | Shaniqua | Keisha | Ebony | Tanisha | Guadalupe | Maria | Rosa | Yesenia | Marisol | Alejandra
Mei | Xiu | Hoa | Thuy | Priya | Anjali | Fatima | Aisha | Noor | Svetlana | Olga | Agnieszka | Bridget | Siobhan | Colleen
Hope | Faith | Dawn | April | June | Penny | Ivy | Destiny | Brittany | Kayleigh | Madison | Harper | Aaliyah | Zoe | Nevaeh
Ruthann | Loretta | Wilma | Opal | Geneva | Mildred | Bernice | Eunice | Marguerite | Consuelo | Imelda | Leilani | Kalani`);
export const FIRST_M = w(`James | Robert | John | Michael | William | Richard | Thomas | Charles | Donald | Gary | Larry | Dennis
Raymond | Harold | Walter | Eugene | Clarence | Earl | Leroy | Willie | Deshawn | Tyrone | Jamal | Darnell | Marquis | DeAndre
Jose | Juan | Luis | Jesus | Alejandro | Rogelio | Ignacio | Minh | Duc | Wei | Jian | Hiroshi | Raj | Sanjay | Arjun | Omar
Tariq | Mustafa | Dmitri | Vasyl | Stanislaw | Casimir | Seamus | Declan | Brendan | Grant | Will | Bill | Chip | Buddy
Cody | Dustin | Travis | Wyatt | Colton | Jaxon | Liam | Mateo | Elijah | Kekoa | Bjorn | Lars | Otis | Amos | Ezekiel`);
export const LAST = w(`Smith | Johnson | Williams | Brown | Jones | Garcia | Miller | Davis | Rodriguez | Martinez | Hernandez
Lopez | Gonzalez | Wilson | Anderson | Thomas | Taylor | Moore | Jackson | Martin | Lee | Perez | Thompson | White | Harris
Kowalski | Nowak | Wisniewski | Zielinski | Dombrowski | Szymanski | Novak | Horvath | Kovacs | Petrov | Ivanenko | Bondarenko
Nguyen | Tran | Pham | Le | Hoang | Chen | Wang | Liu | Zhang | Huang | Kim | Park | Choi | Yamamoto | Tanaka | Nakamura
Patel | Shah | Singh | Reddy | Iyer | Chaudhry | Haddad | Khoury | Abdullah | Rahman | Okafor | Adeyemi | Mensah | Osei
O'Brien | O'Connor | McLaughlin | MacDonald | Fitzgerald | Gallagher | Donnelly | Baker | Cook | Hill | Young | King | Price
Walker | Frost | Moody | Sweet | Fox | Wolfe | Rivers | Banks | Washington | Jefferson | Freeman | Booker | Dupree | Thibodeaux
Boudreaux | LeBlanc | Fontenot | Schneider | Hoffmann | Yoder | Stoltzfus | Lapp | Zook | Hostetler | Van Dyke | De La Cruz
St. Clair | Sandoval | Villanueva | Castillo | Navarro | Delgado | Ochoa | Quintero | Kealoha | Begay | Yazzie | Tsosie`);
export const NICK = w(`Bud | Sissy | Junior | Peanut | Red | Skip | Boots | Tiny | Dot | Bubba | Sonny | Nana | Pop-Pop`);
export const PETS = w(`Biscuit | Duke | Bella | Pepper | Rocky | Daisy | Buster | Sadie | Chloe | Bear | Tinkerbell | Oreo | Max | Lucy
Charlie | Peaches | Snickers | Zeus | Princess | Bandit | Ziggy | Mittens | Smokey | Gizmo | Rascal | Coco`);
export const PET_KIND = w(`dog | small dog | pit mix | chihuahua | beagle | lab | cat | 2 cats | parrot | german shepherd | yorkie`);

// city, state, zip3, area codes
export const CITIES = [
  ['Pittsburgh', 'PA', '152', ['412', '878']], ['Altoona', 'PA', '166', ['814']], ['Scranton', 'PA', '185', ['570']],
  ['Latrobe', 'PA', '156', ['724']], ['Lancaster', 'PA', '176', ['717']], ['Dayton', 'OH', '454', ['937']],
  ['Toledo', 'OH', '436', ['419']], ['Chillicothe', 'OH', '456', ['740']], ['Fresno', 'CA', '937', ['559']],
  ['Bakersfield', 'CA', '933', ['661']], ['Tucson', 'AZ', '857', ['520']], ['Lubbock', 'TX', '794', ['806']],
  ['Amarillo', 'TX', '791', ['806']], ['Beaumont', 'TX', '777', ['409']], ['Macon', 'GA', '312', ['478']],
  ['Savannah', 'GA', '314', ['912']], ['Spokane', 'WA', '992', ['509']], ['Yakima', 'WA', '989', ['509']],
  ['Duluth', 'MN', '558', ['218']], ['Bangor', 'ME', '044', ['207']], ['Rutland', 'VT', '057', ['802']],
  ['Brattleboro', 'VT', '053', ['802']], ['Utica', 'NY', '135', ['315']], ['Albany', 'NY', '122', ['518']],
  ['Joplin', 'MO', '648', ['417']], ['Wichita', 'KS', '672', ['316']], ['Omaha', 'NE', '681', ['402', '531']],
  ['Billings', 'MT', '591', ['406']], ['Boise', 'ID', '837', ['208']], ['Reno', 'NV', '895', ['775']],
  ['Santa Fe', 'NM', '875', ['505']], ['Gallup', 'NM', '873', ['505']], ['Mobile', 'AL', '366', ['251']],
  ['Jackson', 'MS', '392', ['601']], ['Shreveport', 'LA', '711', ['318']], ['Lafayette', 'LA', '705', ['337']],
  ['Little Rock', 'AR', '722', ['501']], ['Knoxville', 'TN', '379', ['865']], ['Asheville', 'NC', '288', ['828']],
  ['Roanoke', 'VA', '240', ['540']], ['Elkins', 'WV', '262', ['304']], ['Hazard', 'KY', '417', ['606']],
  ['Lexington', 'KY', '405', ['859']], ['Fort Wayne', 'IN', '468', ['260']], ['Peoria', 'IL', '616', ['309']],
  ['Madison', 'WI', '537', ['608']], ['Grand Rapids', 'MI', '495', ['616']], ['Cedar Rapids', 'IA', '524', ['319']],
  ['Sioux Falls', 'SD', '571', ['605']], ['Fargo', 'ND', '581', ['701']], ['Cheyenne', 'WY', '820', ['307']],
  ['Pueblo', 'CO', '810', ['719']], ['Provo', 'UT', '846', ['801', '385']], ['Eugene', 'OR', '974', ['541']],
  ['Hilo', 'HI', '967', ['808']], ['Fairbanks', 'AK', '997', ['907']], ['Worcester', 'MA', '016', ['508', '774']],
  ['Pawtucket', 'RI', '028', ['401']], ['New Britain', 'CT', '060', ['860']], ['Trenton', 'NJ', '086', ['609']],
  ['Dover', 'DE', '199', ['302']], ['Salisbury', 'MD', '218', ['410', '443']], ['Gainesville', 'FL', '326', ['352']],
  ['Ocala', 'FL', '344', ['352']], ['Tulsa', 'OK', '741', ['918']], ['Port Huron', 'MI', '480', ['810']],
  ['Mount Vernon', 'OH', '430', ['740']], ['Independence', 'MO', '640', ['816']], ['Florence', 'SC', '295', ['843']],
];
export const STATE_NAMES = {
  PA: 'Pennsylvania', OH: 'Ohio', CA: 'California', AZ: 'Arizona', TX: 'Texas', GA: 'Georgia', WA: 'Washington',
  MN: 'Minnesota', ME: 'Maine', VT: 'Vermont', NY: 'New York', MO: 'Missouri', KS: 'Kansas', NE: 'Nebraska',
  MT: 'Montana', ID: 'Idaho', NV: 'Nevada', NM: 'New Mexico', AL: 'Alabama', MS: 'Mississippi', LA: 'Louisiana',
  AR: 'Arkansas', TN: 'Tennessee', NC: 'North Carolina', VA: 'Virginia', WV: 'West Virginia', KY: 'Kentucky',
  IN: 'Indiana', IL: 'Illinois', WI: 'Wisconsin', MI: 'Michigan', IA: 'Iowa', SD: 'South Dakota', ND: 'North Dakota',
  WY: 'Wyoming', CO: 'Colorado', UT: 'Utah', OR: 'Oregon', HI: 'Hawaii', AK: 'Alaska', MA: 'Massachusetts',
  RI: 'Rhode Island', CT: 'Connecticut', NJ: 'New Jersey', DE: 'Delaware', MD: 'Maryland', FL: 'Florida',
  OK: 'Oklahoma', SC: 'South Carolina',
};
export const STREET_NAMES = w(`Maple | Oak | Elm | Cedar | Walnut | Chestnut | Sycamore | Hickory | Willow | Poplar | Locust | Mulberry
Main | Market | Church | Mill | Spring | School | Depot | Railroad | Water | Bridge | Front | High | Union | Liberty
Washington | Jefferson | Lincoln | Franklin | Madison | Monroe | Jackson | Grant | Penn | Carson | Butler | Frankstown
Old Mill | Cherry Hollow | Pine Ridge | Deer Run | Fox Chase | Quail Hollow | Laurel Glen | Buck Run | Stony Brook
Martin Luther King Jr | Cesar Chavez | Riverview | Lakeshore | Hillcrest | Sunset | Meadowbrook | Country Club`);
export const STREET_TYPES = w(`St | Street | Ave | Avenue | Rd | Road | Dr | Drive | Ln | Lane | Ct | Court | Blvd | Pl | Way | Pike | Cir | Ter`);
export const UNITS = w(`Apt 2 | Apt 3B | Apt. 14 | Apt 207 | Unit 5 | Unit C | #12 | # 4 | Ste 300 | Lot 33 | Trlr 9 | Fl 2 | Bldg 4 Apt 11`);
export const ROUTES = w(`Rt 30 | Route 22 | SR 981 | County Rd 12 | CR 417 | Hwy 61 | Old Route 8 | FM 1585 | Township Rd 240 | US 219`);
export const NEIGHBORHOODS = w(`Lawrenceville | Bloomfield | Oak Hill | Riverside | the Heights | Northside | East End | Mill Creek
Sunnyvale Park | Bel Air | Cedar Knolls | Edgewood | Fairview | Highland Park | Lincoln Place | Shadyside | Five Points`);
export const LANDMARKS = w(`the Shell | the Sheetz | the Dollar General | the Methodist church | the fire hall | the Sunoco | the feed store
the old Kmart lot | the Exxon | the water tower | the VFW | the grain elevator | the Casey's | the Family Dollar`);

const HOSP_A = w(`St. Brigid's | St. Vincent | Mercy | Good Samaritan | Holy Redeemer | Sacred Heart | Providence | St. Luke's
Allegheny Ridge | Three Rivers | Blue Valley | Cumberland | Tri-County | Shenandoah | Lakeland | Pinecrest | Prairie View
Memorial | Children's | Methodist | Baptist | Presbyterian | Covenant | Riverside | Northwest | Saint Joseph`);
const HOSP_B = w(`Medical Center | Hospital | Regional Medical Center | Community Hospital | Health Center | Memorial Hospital`);
export const hospital = (r) => `${r.pick(HOSP_A)} ${r.pick(HOSP_B)}`;
export const CLINICS = w(`Riverbend Family Practice | Northside Pediatrics | Laurel Highlands Cardiology | Tri-State Orthopaedics
Valley Endocrine Associates | Greene County Health Clinic | Mountain View Internal Medicine | Bayside Dermatology
Harbor Behavioral Health | Westmoreland Pulmonary Associates | Hillcrest Women's Health | Cascade Nephrology Group
Blue Ridge Neurology | Prairie Oncology and Hematology | Sunrise Wound Care Center | Lakeside GI Specialists`);
export const NURSING_HOMES = w(`Maple Crest Manor | Golden Meadows Rehabilitation and Nursing | The Willows at Cedar Park | Green Acres Care Center
St. Anne's Home | Sunny Brook Assisted Living | Country Meadows of Hershey Ridge | Autumn Leaves Personal Care Home`);
export const SCHOOLS = w(`Lincoln Elementary School | Central Valley High School | St. Agnes Academy | Eastwood Middle School
Jefferson-Morgan Elementary | Kennedy Catholic High School | Roosevelt Junior High | Little Sprouts Daycare`);
export const EMPLOYERS = w(`Harmon Tool & Die | Tri-County Transit | Blue Ridge Poultry | Keystone Fabricators | Dutch Valley Foods
Miller Concrete Supply | Riverside Auto Body | Lakeview Country Club | Hometown Hardware | Sunrise Senior Care`);
export const CHURCHES = w(`First Baptist Church | St. Casimir Parish | Grace Lutheran Church | Mount Zion AME | Bethel Assembly of God`);
export const INDEP_PHARM = w(`Miller's Family Pharmacy | Main Street Drug | Hometown Apothecary | Medicine Shoppe of Elm Grove | Valley Rx`);

export const PAYERS = w(`Aetna | Cigna | UnitedHealthcare | Humana | Highmark Blue Cross Blue Shield | Anthem Blue Cross | Medicare
Medicaid | Molina Healthcare | CareSource | WellCare | Tricare | Ambetter | Geisinger Health Plan | UPMC Health Plan
Kaiser Permanente | Blue Cross Blue Shield of Texas | Priority Health | AmeriHealth Caritas | Oscar Health`);
export const CHAIN_PHARM = w(`CVS | Walgreens | Rite Aid | Walmart Pharmacy | Kroger Pharmacy | Publix Pharmacy | Costco Pharmacy
Giant Eagle Pharmacy | Express Scripts | OptumRx | CVS Caremark | Sam's Club Pharmacy | H-E-B Pharmacy`);
export const DRUGS = w(`lisinopril | metformin | atorvastatin | amlodipine | metoprolol | furosemide | warfarin | apixaban | Eliquis
insulin glargine | Lantus | Humalog | levothyroxine | gabapentin | oxycodone | morphine sulfate | hydrocodone | tramadol
prednisone | albuterol | tiotropium | Spiriva | Symbicort | sertraline | trazodone | donepezil | carvedilol | spironolactone
tamsulosin | omeprazole | pantoprazole | amoxicillin | cephalexin | doxycycline | Augmentin | ciprofloxacin | lorazepam
haloperidol | Ozempic | semaglutide | Jardiance | Entresto | clopidogrel | Xarelto | potassium chloride | ondansetron`);
export const DME = [
  ['Inogen One G5 concentrator', (r) => `G5${r.digits(8)}`], ['EverFlo concentrator', (r) => `EF${r.digits(7)}`],
  ['ResMed AirSense 10 CPAP', (r) => `2${r.digits(10)}`], ['DreamStation', (r) => `J${r.digits(11)}`],
  ['Invacare hospital bed', (r) => `${r.digits(2)}${r.letters(2)}${r.digits(6)}`], ['Drive Medical walker', (r) => `DM-${r.digits(7)}`],
  ['Medtronic MiniMed 780G pump', (r) => `NG${r.digits(7)}H`], ['Dexcom G7 receiver', (r) => `SM${r.digits(8)}`],
  ['Omnipod PDM', (r) => `${r.letters(3)}${r.digits(6)}`], ['LVAD controller', (r) => `HM3-${r.digits(6)}`],
  ['Zoll LifeVest', (r) => `LV${r.digits(7)}`], ['Kangaroo feeding pump', (r) => `K${r.digits(9)}`],
  ['pacemaker', (r) => `${r.letters(3)}${r.digits(6)}${r.letters(1)}`], ['CADD-Solis pump', (r) => `${r.digits(8)}`],
];
export const CREDS = w(`MD | DO | NP | FNP-C | PA-C | RN | LPN | BSN, RN | MSN, APRN | PharmD | RPh | MSW, LCSW | PT, DPT | OTR/L | CCC-SLP`);
