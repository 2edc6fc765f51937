// Place lists written for this set: towns (with state), streets, facility name parts.
const w = (s) => s.split('|');
export const TOWNS = w(
  'Springfield,IL|Decatur,AL|Muncie,IN|Bangor,ME|Lewiston,ID|Ames,IA|Hope,AR|Normal,IL|Paris,TX|Friendship,WI|Gallup,NM|' +
  'Chinle,AZ|Kayenta,AZ|Shiprock,NM|Window Rock,AZ|Tuba City,AZ|Pine Ridge,SD|Rapid City,SD|Bismarck,ND|Minot,ND|Williston,ND|' +
  'Billings,MT|Missoula,MT|Great Falls,MT|Casper,WY|Laramie,WY|Cheyenne,WY|Pocatello,ID|Twin Falls,ID|Ogden,UT|Provo,UT|' +
  'St. George,UT|Flagstaff,AZ|Yuma,AZ|Tucson,AZ|Las Cruces,NM|Roswell,NM|El Paso,TX|Laredo,TX|McAllen,TX|Brownsville,TX|' +
  'Lubbock,TX|Amarillo,TX|Tyler,TX|Beaumont,TX|Waco,TX|Nacogdoches,TX|Lake Charles,LA|Houma,LA|Opelousas,LA|Monroe,LA|' +
  'Hattiesburg,MS|Tupelo,MS|Greenville,MS|Clarksdale,MS|Dothan,AL|Selma,AL|Gadsden,AL|Valdosta,GA|Macon,GA|Albany,GA|' +
  'Dalton,GA|Statesboro,GA|Ocala,FL|Lakeland,FL|Hialeah,FL|Kissimmee,FL|Pensacola,FL|Immokalee,FL|Homestead,FL|Florence,SC|' +
  'Spartanburg,SC|Rock Hill,SC|Fayetteville,NC|Hickory,NC|Boone,NC|Lumberton,NC|Danville,VA|Roanoke,VA|Harrisonburg,VA|' +
  'Beckley,WV|Morgantown,WV|Huntington,WV|Hazard,KY|Paducah,KY|Bowling Green,KY|Pikeville,KY|Johnson City,TN|Jackson,TN|' +
  'Cookeville,TN|Murfreesboro,TN|Jonesboro,AR|Texarkana,AR|Joplin,MO|Sedalia,MO|Cape Girardeau,MO|Hays,KS|Dodge City,KS|' +
  'Garden City,KS|Salina,KS|Enid,OK|Lawton,OK|Tahlequah,OK|Muskogee,OK|Grand Island,NE|Kearney,NE|Scottsbluff,NE|Mankato,MN|' +
  'Bemidji,MN|Duluth,MN|Eau Claire,WI|Wausau,WI|Oshkosh,WI|Marquette,MI|Saginaw,MI|Kalamazoo,MI|Dearborn,MI|Hamtramck,MI|' +
  'Lima,OH|Zanesville,OH|Mansfield,OH|Youngstown,OH|Elkhart,IN|Kokomo,IN|Terre Haute,IN|Peoria,IL|Kankakee,IL|Cicero,IL|' +
  'Altoona,PA|Scranton,PA|Hazleton,PA|Lancaster,PA|Erie,PA|Binghamton,NY|Utica,NY|Watertown,NY|Poughkeepsie,NY|Flushing,NY|' +
  'Paterson,NJ|Passaic,NJ|Vineland,NJ|New Britain,CT|Waterbury,CT|Pawtucket,RI|Fall River,MA|Lowell,MA|Brockton,MA|' +
  'Lawrence,MA|Rutland,VT|Burlington,VT|Berlin,NH|Nashua,NH|Presque Isle,ME|Dover,DE|Salisbury,MD|Hagerstown,MD|Fresno,CA|' +
  'Modesto,CA|Bakersfield,CA|Visalia,CA|Salinas,CA|Eureka,CA|Redding,CA|Chico,CA|Watsonville,CA|Oxnard,CA|Medford,OR|' +
  'Bend,OR|Pendleton,OR|Yakima,WA|Wenatchee,WA|Spokane,WA|Kent,WA|Elko,NV|Carson City,NV|Pahrump,NV|Bethel,AK|Nome,AK|' +
  'Fairbanks,AK|Hilo,HI|Kailua-Kona,HI|Wahiawa,HI|Pago Pago,AS|Dorchester,MA|Germantown,MD|Upper Darby,PA|Brooklyn Park,MN');
export const STATES = {
  AL: 'Alabama', AK: 'Alaska', AS: 'American Samoa', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana',
  IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas',
  UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};
export const STREETS = w(
  'Oak|Maple|Main|Elm|Cedar|Pine|Walnut|Chestnut|Hickory|Sycamore|Magnolia|Dogwood|Willow|Birch|Aspen|Cottonwood|Mesquite|' +
  'Palmetto|Juniper|Laurel|Church|Mill|School|Depot|Railroad|Market|Center|Front|Water|Bridge|Spring|Lake|River|Creek|Hill|' +
  'Ridge|Valley|Meadow|Prairie|Sunset|Sunrise|Highland|Park|Forest|Orchard|Vineyard|Harvest|Canyon|Mesa|Desert Willow|' +
  'Washington|Lincoln|Jefferson|Madison|Monroe|Jackson|Franklin|Grant|Lee|Martin Luther King Jr|Cesar Chavez|Roosevelt|' +
  'Kennedy|Wilson|Adams|Pershing|MacArthur|Eisenhower|1st|2nd|3rd|4th|5th|6th|7th|8th|10th|12th|14th|23rd|41st|96th|' +
  'Broad|Union|Liberty|Independence|Commerce|Industrial|Airport|College|University|Hospital|Fairground|Cemetery|Quarry|' +
  'Kingsbury|Whitfield|Ashford|Brookhaven|Fox Run|Deer Trail|Quail Hollow|Eagle Crest|Bluebonnet|Tamarack|Ponderosa|' +
  'Saguaro|Kamehameha|Ala Moana|Tuscarora|Chickasaw|Cherokee|Seminole|Tallahassee|Peachtree|Bayou|Levee|Cypress|Marsh');
export const SUFFIXES = w('St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Ct|Court|Way|Pl|Cir|Pkwy|Hwy|Trl|Ter|Loop|Pike');
export const DIRS = w('N|S|E|W|NE|NW|SE|SW|North|South|East|West');
export const SAINTS = w('Joseph|Mary|Luke|Francis|Vincent|Anthony|Elizabeth|Catherine|Jude|Michael|Agnes|Bernard|Clare|Rita|Dominic|Alphonsus|Gabriel|Patrick');
export const NATURE = w('Riverside|Lakeview|Cedar Ridge|Pine Valley|Red Rock|Blue Mesa|Shady Oaks|Willow Creek|Eagle Pass|Sierra Vista|Mountain View|Prairie Winds|Golden Plains|Sandhills|Bayside|Northwoods|Clearwater|Stonebridge|Harbor Point|Cottonwood|Heritage|Pinecrest|Magnolia|Three Rivers|Silver Lake|Canyon');
export const NEIGHBORHOODS = w('Five Points|Southside|the Heights|Oak Cliff|Little Havana|Ironbound|Hyde Park|Bywater|Overtown|Germantown|Little Saigon|Fox Point|Eastgate|Old Town|Frogtown|Mission District|Greektown|Polish Hill|the Flats|Near Westside|Koreatown|Kalihi|East End|Northgate');
export const CHAINS = w('Walmart|Amazon|Tyson Foods|UPS|FedEx|Home Depot|Dollar General|Kroger|McDonald\'s|Target|Lowe\'s|Smithfield|JBS|Waffle House|Costco|the Postal Service|Sysco|Publix|H-E-B|Wells Fargo');
export const PAYERS = w('Medicare|Medicaid|Aetna|Cigna|UnitedHealthcare|Humana|Anthem|Blue Cross Blue Shield|Kaiser Permanente|Molina Healthcare|Centene|WellCare|Tricare|Ambetter|Oscar Health|Highmark|Medi-Cal|CareSource|AHCCCS|Amerigroup');
export const COUNTRIES = w('Mexico|Guatemala|El Salvador|Honduras|Nigeria|Ethiopia|Poland|Ukraine|Russia|Greece|Italy|Ireland|Vietnam|China|Korea|the Philippines|India|Pakistan|Syria|Iran|Turkey|Japan|Haiti|Somalia|Cuba|Puerto Rico');
