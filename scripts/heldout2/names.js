// Name lists written for this set (many origins). Not derived from any other list in the repo.
const w = (s) => s.split('|');
export const FEMALE = w(
  'Mary|Patricia|Jennifer|Linda|Barbara|Dorothy|Rose|Joy|Summer|Hope|Faith|Grace|Ivy|Dawn|Crystal|Amber|Autumn|April|June|' +
  'Destiny|Brittany|Ashley|Tamika|Latoya|Keisha|Shaniqua|Ebony|Guadalupe|María|Lupita|Xiomara|Yesenia|Maricela|Esperanza|Dulce|' +
  'Chiamaka|Ngozi|Adaeze|Folake|Funmilayo|Oluwaseun|Tigist|Selamawit|Hiwot|Meron|Agnieszka|Małgorzata|Katarzyna|Zofia|' +
  'Svetlana|Natalia|Olga|Yekaterina|Eleni|Despina|Georgia|Francesca|Giulia|Rosalba|Siobhan|Aoife|Niamh|Bridget|Linh|Thuy|' +
  'Huong|Mai|Xiu|Mei|Jing|Ji-woo|Min-ji|Seo-yeon|Maricel|Rowena|Jocelyn|Priya|Lakshmi|Ananya|Deepika|Ayesha|Fatima|Sana|' +
  'Noor|Layla|Mariam|Shirin|Parisa|Zeynep|Elif|Ayşe|Yuki|Haruka|Sakura|Malia|Lagi|Sina|Winona|Nizhoni|Ahyoka|Nadège|' +
  'Mirlande|Rose-Marie|Guerline|Fabienne|Charity|Precious|Kayleigh|Madison|Bethany|Loretta|Opal|Willa');
export const MALE = w(
  'James|Robert|Michael|William|Will|Frank|Grant|Hunter|Chase|Mason|Cody|Dustin|Earl|Buck|Rusty|Tyrone|DeShawn|Jamal|Terrell|' +
  'Marquis|José|Juan|Jesús|Luis|Alejandro|Guillermo|Rigoberto|Efraín|Chukwuemeka|Obinna|Adebayo|Olumide|Emeka|Tesfaye|Dawit|' +
  'Yohannes|Abebe|Mekonnen|Tomasz|Krzysztof|Piotr|Wojciech|Dmitri|Sergei|Alexei|Vladimir|Nikolaos|Giorgos|Konstantinos|' +
  'Salvatore|Giuseppe|Vincenzo|Luca|Seamus|Padraig|Declan|Cormac|Minh|Tuan|Quang|Duc|Wei|Jian|Hao|Zhiwei|Min-jun|Ji-hoon|' +
  'Seung-woo|Rodrigo|Jericho|Ramil|Raj|Arjun|Vikram|Sanjay|Imran|Bilal|Faisal|Tariq|Omar|Khalid|Mahmoud|Reza|Dariush|Farhad|' +
  'Mehmet|Emre|Burak|Hiroshi|Takeshi|Kenji|Sione|Tavita|Iosefa|Ahiga|Hastiin|Kele|Jean-Baptiste|Wisly|Fritznel|Jean-Robert|' +
  'Dieuseul|Carl|Dale|Wayne|Bobby|Lonnie|Junior|Trevor|Brandon|Austin|Royce|Ezekiel|Amos|Lincoln');
export const FAMILY = w(
  'Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Moore|Jackson|Rose|Grant|Price|Bishop|Young|Hunter|' +
  'Summers|Frank|Long|Little|King|Black|White|Green|Brooks|Banks|Washington|Freeman|Jefferson|Cook|Wood|Garcia|Rodriguez|' +
  'Martinez|Hernández|López|González|Pérez|Sánchez|Ramírez|Torres|Flores|Rivera|de la Cruz|Villanueva|Okafor|Okonkwo|Adeyemi|' +
  'Babatunde|Nwosu|Eze|Olawale|Ogunleye|Bekele|Tadesse|Haile|Gebremedhin|Alemu|Wolde|Kowalski|Nowak|Wiśniewski|Wójcik|' +
  'Kamiński|Zieliński|Szymański|Ivanov|Petrov|Smirnov|Kuznetsova|Popov|Volkov|Papadopoulos|Georgiou|Konstantinidis|Pappas|' +
  'Russo|Esposito|Romano|Colombo|Ricci|Bianchi|De Luca|O\'Brien|O\'Sullivan|Murphy|McCarthy|Kennedy|Byrne|Fitzgerald|Nguyen|' +
  'Tran|Le|Pham|Hoang|Vu|Dang|Wang|Li|Zhang|Liu|Chen|Huang|Zhao|Kim|Lee|Park|Choi|Jung|Kang|Santos|Reyes|Cruz|Bautista|' +
  'Mendoza|Dela Rosa|Macapagal|Patel|Sharma|Singh|Reddy|Iyer|Gupta|Khan|Qureshi|Chaudhry|Malik|Hussain|Al-Sayed|Haddad|' +
  'Nasser|Abdullah|Mansour|Khoury|Hosseini|Rahimi|Karimi|Tehrani|Yılmaz|Kaya|Demir|Şahin|Çelik|Tanaka|Suzuki|Watanabe|' +
  'Takahashi|Yamamoto|Nakamura|Tuiasosopo|Faleolo|Leiataua|Sapolu|Tauiliili|Begay|Yazzie|Tsosie|Benally|Nez|Etsitty|' +
  'Two Bulls|Running Horse|Red Cloud|Tallchief|Jean-Louis|Pierre|Joseph|Baptiste|Dorsainvil|Desrosiers|Étienne|Charles|' +
  'St. Fleur|Toussaint|Schultz|Hoffmann|Lindqvist|Van Dyke|MacLeod|Goldberg|Friedman|Castillo|Vargas');
export const CREDS = w('MD|DO|MD|NP|PA-C|RN|RN|APRN|FNP-C|DNP|PharmD|LCSW|LMSW|MSW|PT|DPT|OT|EMT-P|NRP|CRNA|RD|CNA|MD, PhD|MBBS');
export const RELATIONS = w('wife|husband|daughter|son|mother|father|sister|brother|niece|nephew|granddaughter|grandson|aunt|partner|fiancé|stepson|cousin|daughter-in-law');
