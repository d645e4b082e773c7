"""Word lists the entity and quote rules use, kept apart so the rules stay readable.

General English and newsroom vocabulary only: no entry names a particular person.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ABBREVIATIONS = _words(
    """
    apr. aug. capt. co. col. corp. dec. dr. feb. ft. gen. gov. inc. jan. jr. jul. jun. lt. ltd.
    mar. messrs. mr. mrs. ms. mt. no. nov. oct. prof. rep. rev. sen. sep. sept. sgt. sr. st. vs.
    """
)
"""Abbreviations whose final period does not end a sentence."""

STOP = _words(
    """
    a about above according across added additional african after again against agreement all
    either neither
    along already also although american amid among an analysts and any april around as asian
    asked at august because before behind below beneath beside besides between beyond billion
    both breaking british business but by central chief chinese company concerning crisis
    critics day deal december deputy despite director dr during each earlier east eastern
    economy eight election elections european even ever every except exclusive executive experts
    february federal few firm first five following for former four french fri friday from
    furthermore general german given global government greater group he her here him his how
    however hundred i if image in including indian initiative inner inside instead international
    into investment it it's its january japanese july june just korean last later latest latest
    live lower many march market markets may me meanwhile meeting million minister ministers mon
    monday month more more moreover most mr mrs ms much my national near never new news next
    nine no nor north northern not november now october of off official officials officials old
    on once one only onto or other otherwise our out outer over own party peace people per photo
    plan policy president presidential program programme project re read recent regarding report
    reports russian said same sat saturday says second secretary senior september seven she
    since sir six so some soon sources south southern speaking state still such summit sun
    sunday talks tariff tariffs team ten than that the their them then there therefore these
    they third this those though thousand three through throughout thu thursday thus time to
    today told tomorrow tonight too top toward towards trade tue tuesday two under underneath
    unless unlike until up update upon upper us very via video vs war watch we wed wednesday
    week west western what when where whether which while who whom whose why with within without
    world year yes yesterday yet you your
    """
)
"""Capitalised words that start sentences or headlines but never start a name."""

PERSON_TITLES = _words(
    """
    admiral ambassador archbishop ayatollah baron baroness bishop capt. captain cardinal ceo
    chair chairman chairperson chairwoman chancellor chief coach col. collector colonel commander
    commissioner congressman congresswoman dame det. detective director dr dr. emir envoy father
    gen. general gov. governor inspector judge justice king lady lieutenant lord lt. magistrate
    mayor minister miss mla mr mr. mrs mrs. ms ms. negotiator officer pope premier president prince
    princess prof. professor queen rep. representative rev. reverend secretary sen. senator
    sergeant sgt. sheikh sir speaker spokesman spokesperson spokeswoman sultan
    """
)
"""Titles and honorifics written before a name ("Minister", "Mr")."""

ROLE_WORDS = _words(
    """
    acting administrator adviser advisor affairs agriculture aide ambassador analyst assistant
    boss budget chairman chairwoman chief coach commerce commissioner correspondent counsellor
    counselor culture defence defense deputy director economic economist editor education energy
    environment envoy executive finance for foreign former founder general governor head health
    home industry interior justice labor labour lawmaker leader manager mayor minister national
    negotiator of officer official owner policy president president-elect presidential prime
    principal professor reporter representative science secretary security senator senior
    special spokesman spokesperson spokeswoman staff state superintendent technology top trade
    transport treasury unification vice
    """
)
"""Words of job titles, so "Industry Minister Kim" is read as title + name."""

ROLE_HEADS = _words(
    """
    adviser advisor aide ambassador analyst boss chairman chairwoman chancellor chief coach
    commander director economist envoy executive founder governor head judge lawmaker lawyer
    leader manager mayor minister negotiator officer official premier president professor
    prosecutor secretary senator spokesman spokesperson spokeswoman
    """
)
"""Nouns that head a role phrase ("the presidential aide") naming a known person."""

SPEECH_VERBS = _words(
    """
    acknowledged acknowledges acknowledging added adding adds admits admitted admitting
    announced announces announcing answered answering argued argues arguing asserted asserting
    asserts claimed claiming claims commented commenting comments conceded concedes concluded
    concludes confirmed confirming confirms continued continues declared declares declaring
    described describes describing emphasised emphasising emphasized emphasizes emphasizing
    explained explaining explains insisted insisting insists maintained maintains noted notes
    noting observed observes predicted predicts recalled recalling recalls remarked remarking
    remarks replied replies replying responded responding said say saying says signaled
    signalled stated states stating stressed stresses stressing suggested suggesting suggests
    telling tells told urged urges warned warning warns writes writing wrote
    """
)
"""Verbs that attribute speech ("said", "told", "added")."""

ORG_HEADS = _words(
    """
    Academy Administration Agency Agency Airlines Airways Army Assembly Association Authority
    Ballet Brothers Choir Ensemble Orchestra Philharmonic Symphony
    Bank Board Broadcasting Bureau Cabinet Capital Center Centre Chemical Club Co Co. College
    Commission Commission Committee Company Congress Corp Corp. Corporation Council Council
    Court Daily Department Directorate Division Electronics Energy Enterprises Entertainment
    Exchange FC
    Federation Foundation Fund Gazette Group Guard Heavy Herald Holdings Hospital Ilbo Inc Inc.
    Inc. Industries Institute Insurance Investments Journal League Logistics Ltd Ltd. Media
    Ministry Motor Motors Navy Network News Office Organisation Organization PLC Parliament
    Partners Party Pharmaceuticals Police Post Press Records Reserve Secretariat Securities
    Senate Service Services Shipbuilding Society Steel Studios Systems Technologies Telecom
    Times Tribunal Tribune Trust Union University Ventures plc
    """
)
"""Words that end organisation names ("Ministry", "Bank", "Agency")."""

PLACE_HEADS = _words(
    """
    Airport Arena Avenue Bay Beach Borough Bridge Canal City County Desert District Governorate
    Harbor Harbour Island Islands Lake Lane Mandal Mountain Mountains Municipality Oblast
    Peninsula Port Prefecture Province Region River Road Sea Square Stadium Station Strait Street
    Taluk Tehsil Township Valley
    """
)
"""Words that end place and facility names ("Airport", "Province")."""

INITIATIVE_NOUNS = _words(
    """
    agenda campaign doctrine initiative plan program programme project projects scheme slogan
    strategy
    """
)
"""Nouns that make a capitalised phrase a named programme ("project")."""

INITIATIVE_HEADS = _words(
    """
    Agenda Doctrine Initiative Plan Program Programme Project Scheme Strategy
    """
)
"""Words that end a named programme ("Initiative", "Plan")."""

DEMONYMS = _words(
    """
    Afghan African American Arab Asian Australian Austrian Belgian Brazilian British Canadian
    Chinese Conservative Czech Danish Democrat Dutch Egyptian English European Finnish French
    German Greek Hungarian Indian Iranian Iraqi Irish Israeli Italian Japanese Korean Labour
    Mexican Norwegian Pakistani Palestinian Polish Portuguese Republican Russian Saudi Scottish
    Singaporean Spanish Swedish Swiss Syrian Taiwanese Thai Tory Turkish Ukrainian Vietnamese
    Welsh Americans Australians Briton Britons Brits Canadians Frenchman Frenchwoman Germans
    Irishman Italians Kenyan Kenyans Nigerian Nigerians Russians Scot Scots Spaniard Spaniards
    """
)
"""Nationality adjectives: not entities themselves."""

ACRONYM_STOP = _words(
    """
    AI AIDS AM BBQ BST CCTV CD CEO CFO CNY COO CPI CTO DJ DNA DVD ET ETF EUR EV FAQ FM GBP GDP
    GMT GNP GW HIV HQ ID IPO IQ IT IVF JPY KM KRW LNG LPG M&A MP MPH MPS MW NB NK OK PC PDF PM
    PMI PPI PR PS R&D RIP RNA SMS SUV TV UAV URL USB USD UTC VAT LLC LLP PLC LTD INC GMBH AG
    SA NV SPA BV
    """
)
"""All-capital words that are not organisation acronyms."""

ORG_NOUNS = _words(
    """
    act band bank broadcaster brokerage carmaker chain charity club company conglomerate daily duo
    employer firm franchise giant giants group insurer label lender magazine maker manufacturer
    network newspaper operator outfit paper publisher quartet regulator retailer rival rivals
    startup start-up studio subsidiary supermarket tabloid trio weekly
    """
)
"""Nouns that, right before a capitalised name, say it is an organisation ("group Motorhead")."""

ORG_ROLE_HEADS = _words(
    """
    analyst boss ceo cfo chairman chairwoman chief coach co-founder defender director economist
    executive founder goalkeeper keeper manager midfielder owner president spokesman
    spokesperson spokeswoman strategist striker winger
    """
)
"""Roles whose holder works for the capitalised name before them ("Fiat chief executive X")."""

SPORT_ROLES = _words(
    """
    boss captain coach defender forward goalkeeper keeper manager midfielder striker winger
    """
)
"""Roles that make a city name before them a club ("Norwich boss X")."""

SPORT_WORDS = _words(
    """
    championship club coach cup defeat derby fans fixture goal goals keeper league match
    matches midfielder penalty premiership referee scored scorer season squad striker stadium
    tournament
    """
)
"""Words of sports reporting: four different ones make a sports story."""

PERSON_ROLE_NOUNS = ROLE_HEADS | _words(
    """
    actor actress artist author ballerina batsman bowler campaigner captain cellist chef
    co-founder comedian composer cyclist dancer defender designer drummer economist entrepreneur
    executive footballer forward goalkeeper guitarist investor keeper midfielder musician
    novelist patriarch photographer pianist player playwright poet presenter producer rapper
    rider runner singer singer-songwriter star striker strategist swimmer veteran violinist
    winger writer
    """
)
"""Nouns that, right before a capitalised pair, say it is a person ("striker Robbie Fowler")."""
