"""Word lists the quote extractor leans on: speech verbs, titles, role nouns, first names."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


# Verbs that attribute direct speech or writing. Past, present and bare forms (after "would", "will").
SPEECH_VERBS = word_set(
    """
    said says say told tells tell added adds add asked asks ask wrote writes write explained
    explains explain noted notes note argued argues argue recalled recalls recall warned warns warn
    continued continues testified testifies tweeted tweets posted stated states replied replies reply
    insisted insists acknowledged acknowledges announced announces declared declares remarked remarks
    observed observes responded responds answered answers shouted shouts yelled yells cried screamed
    whispered whispers admitted admits conceded concedes confirmed confirms countered counters contended
    contends claimed claims maintained maintains emphasized emphasizes stressed stresses predicted
    predicts promised promises vowed vows pledged pledges urged urges joked jokes laughed sighed mused
    muses wondered wonders repeated repeats reiterated reiterates texted emailed messaged commented
    comments concluded concludes pleaded begged demanded demands boasted boasts complained complains
    lamented laments quipped exclaimed groaned offered agreed agrees disagreed disagrees objected objects
    protested charged charges alleged alleges blogged recounted recounts described describes chanted sang
    proclaimed proclaims cautioned cautions advised advises suggested suggests instructed ordered assured
    assures reminded
    reminds informed informs implored pressed conceded retorted retorts barked snapped interjected
    scoffed scoffs gushed gushes raved fumed griped gripes grumbled groused ranted railed hollered bellowed
    roared thundered murmured muttered mumbled stammered teased taunted mocked scolded chided lectured
    asserted asserts affirmed opined opines speculated speculates ventured theorized confided confessed
    disclosed relayed clarified elaborated reported reports recounted wondered questioned queried
    inquired challenged requested appealed swore swears reassured underscored underscores griped smiled
    shrugged sniffed quipped quips chimed whined
    saying telling adding asking writing noting arguing warning explaining insisting declaring urging
    vowing promising recalling acknowledging stating tweeting posting yelling shouting chanting
    screaming announcing answering responding replying testifying pleading claiming complaining
    reacted remembered quip started began retaliated sings sing singing found finds
    """
)

# Verbs whose quoted complement is usually a name or a label, so the quote needs more evidence.
NAMING_VERBS = word_set(
    """
    called calls call dubbed dubs labeled labelled labels termed terms branded brands described describes
    characterized characterizes
    """
)

# Words between a subject and its speech verb that do not belong to the subject.
AUXILIARIES = word_set(
    """
    has had have would will also later then once previously repeatedly recently again simply flatly
    quickly quietly finally already still often never even just first did does do could can may might
    should must not since been long reportedly publicly privately angrily tearfully softly
    """
)

PRONOUNS = {"he": "m", "she": "f", "they": "n", "it": "o"}
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
GENDERED_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}

DETERMINERS = word_set(
    """
    a an the another one his her their its our my this that
    """
)

# Capitalised words that start a clause rather than a name.
STOP_CAPS = word_set(
    """
    The A An But And Or So Yet For Nor In On At To From With By Of As If When While After Before Since
    Until Though Although Because Then Now Still Also Later Earlier Meanwhile However Instead Asked
    According This That These Those There Here It Its He She They We I You His Her Their Our My Your Who
    What Where Why How Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Jan Feb Mar Apr Aug Sept Sep Oct Nov
    Dec Today Yesterday Tomorrow Tonight Last Next Every Each Some Many Most Few Several Both All No Not
    Among Like Unlike Despite During Inside Outside Over Under About Around Without Within Across Behind
    Beyond Through Throughout Against Standing Speaking Asked Told Writing Reached Contacted Sitting
    Walking Looking Pointing Please Yes Mr. Mrs. Ms. Miss Mx. Mr Mrs Ms Mx Hundreds Thousands Dozens
    Millions Others Everyone Everybody Nobody Someone Anyone Much Amid Given Moreover Furthermore Nevertheless
    Nonetheless Perhaps Maybe Thus Hence Indeed Even Only Just Whether Whatever Whoever Whenever Wherever
    """
)

# Capitalised words for a party or a community: "Republican Ana Ruiz" is a person, "Republicans" never one
PARTY_AND_COMMUNITY = word_set(
    """
    Republican Republicans Democrat Democrats GOP Independent Independents Libertarian Libertarians
    Conservative Conservatives Liberal Liberals Progressive Progressives Socialist Socialists Evangelical
    Evangelicals Christian Christians Catholic Catholics Muslim Muslims Jew Jews Latino Latinos Latina Latinas
    Hispanic Hispanics Millennials Baby Boomers Veterans
    """
)

# Capitalised words that open a sentence and never name anyone: "Wait", "More from the survey", "It's"
SENTENCE_OPENERS = word_set(
    """
    Other More Wait See Do Does Did Read Watch Look Consider Note Imagine Remember Let Let's Here's There's
    That's It's It’s That’s There’s Here’s What's What’s Update Editor Editor's Editor’s Alongside Amid Upon
    Toward Towards Via Per Plus
    """
)

HONORIFICS = word_set("Mr. Mrs. Ms. Miss Mx. Mr Mrs Ms Mx Sir Dame")
SUFFIXES = word_set("Jr. Sr. Jr Sr II III IV")
NAME_PARTICLES = word_set(
    """
    de da di du del della der den van von la le bin ibn al y dos das
    """
)

# A title ends at one of these (capitalised, before a name): "Council President", "Police Chief".
TITLE_HEADS = word_set(
    """
    Mayor President Councilmember Councilmembers Councilman Councilwoman Councilor Councillor Alderman
    Alderwoman Alderperson Gov. Governor Sen. Senator Rep. Representative Assemblyman Assemblywoman
    Assemblymember Del. Delegate Sgt. Sergeant Lt. Lieutenant Officer Detective Det. Chief Commissioner
    Dr. Judge Justice Magistrate Superintendent Supt. Sheriff Attorney Atty. Rev. Reverend Pastor Father
    Rabbi Imam Bishop Cardinal Professor Prof. Secretary Treasurer Controller Comptroller Chairman
    Chairwoman Chairperson Chair Director Coach Principal Trustee Supervisor Clerk Inspector Cmdr.
    Commander Capt. Captain Cpl. Corporal Trooper Deputy Agent Marshal Coroner Examiner Solicitor Defender
    Speaker Leader Whip Ambassador Col. Colonel Maj. Major Gen. General Adm. Admiral Dean Chancellor
    Provost Prosecutor Manager Administrator Executive Minister Premier Senator-elect Mayor-elect Elder
    Deacon Sister Brother Imam Chaplain Ranger Firefighter Patrolman Patrolwoman Constable Warden Auditor
    Assessor Recorder Registrar Selectman Selectwoman Legislator Lawmaker CEO Founder Member
    """
)

# Titles that name a rank or an honour rather than an office: an apposition describes the person better.
WEAK_TITLES = word_set(
    """
    Sgt. Sergeant Lt. Lieutenant Officer Detective Det. Dr. Rev. Reverend Pastor Father Rabbi Imam Bishop
    Sister Brother Professor Prof. Cpl. Corporal Trooper Agent Capt. Captain Elder Deacon Chaplain
    Patrolman Patrolwoman Firefighter Ranger Deputy
    """
)

# Lowercase words that may precede a title: "state Sen.", "former Mayor", "police Sgt."
TITLE_MODIFIERS = word_set(
    """
    state city county federal former acting interim deputy assistant police fire school district u.s. then
    retired outgoing incoming longtime first-term freshman veteran senior chief borough township village
    town regional
    """
)

# Nouns that name a role; used to accept "branch manager Olivia Stone" and appositions.
ROLE_NOUNS = word_set(
    """
    spokesperson spokesman spokeswoman spokespeople representative director manager president chair
    chairman chairwoman chairperson owner co-owner homeowner resident neighbor neighbour parent mother
    father mom dad teacher principal student nurse doctor physician surgeon engineer advocate organizer
    organiser attorney lawyer librarian driver officer member volunteer coordinator founder co-founder
    cofounder ceo cfo coo chief head leader pastor minister analyst economist professor researcher
    scientist expert historian consultant developer landlord tenant renter worker employee activist vendor
    chef cook farmer fisherman fisher firefighter paramedic emt captain coach player trustee
    superintendent administrator official commissioner clerk secretary treasurer counsel solicitor
    prosecutor defender agent detective deputy trooper sheriff medic executive editor reporter journalist
    artist musician drummer singer writer author poet veteran survivor witness victim son daughter wife
    husband sister brother grandmother grandfather grandson granddaughter aunt uncle cousin niece nephew
    friend partner fiancé fiancee widow widower shopkeeper bartender barber operator planner architect
    inspector investigator examiner marshal mayor governor senator councilmember councilman councilwoman
    lawmaker legislator candidate challenger incumbent supervisor commander lieutenant sergeant chaplain
    rabbi imam priest bishop nun counselor therapist psychologist psychiatrist caseworker pharmacist
    dentist pediatrician epidemiologist dean provost chancellor cashier janitor custodian guard lifeguard
    ranger meteorologist forecaster hydrologist geologist biologist ecologist strategist pollster lobbyist
    aide staffer adviser advisor liaison ambassador steward retiree proprietor host producer curator
    instructor trainer mentor tutor referee umpire superintendent manager co-director codirector principal
    vice-president chairwoman president-elect organizer entrepreneur contractor electrician plumber
    mechanic carpenter builder realtor broker banker accountant consultant photographer filmmaker
    director-general commissioner spokesperson pastor baker grocer restaurateur waiter waitress server
    barista clinician midwife caregiver caretaker homemaker mom dad stepmother stepfather guardian manager
    mayor alderman quarterback pitcher catcher shortstop goalie goalkeeper striker midfielder linebacker
    receiver guard forward outfielder infielder swimmer runner sprinter wrestler boxer golfer athlete
    teammate rookie freshman sophomore junior senior graduate alumna alumnus intern apprentice stylist
    designer programmer technician scholar fellow pilot soldier sailor marine airman chaplain nanny
    housekeeper landlady superintendent dispatcher conductor ambassador diplomat delegate negotiator
    mediator arbitrator judge justice magistrate juror bailiff publisher columnist critic commentator
    anchor correspondent broadcaster blogger influencer podcaster comedian actor actress dancer
    choreographer painter sculptor novelist playwright composer conductor pastor congregant parishioner
    deacon elder imam monk nun lecturer instructor coordinator navigator president-elect chief-of-staff
    staffer spokesman councilor councillor commissioner supervisor director boss host moderator anchor
    nominee frontrunner front-runner hopeful contender surrogate operative strategist donor backer
    supporter opponent rival critic tycoon mogul magnate billionaire millionaire prince princess king queen
    cleric heir
    """
)

# Nouns for writings that "say" things: "the statement said" quotes whoever issued the statement.
DOCUMENT_NOUNS = word_set(
    """
    statement letter email e-mail post release report complaint lawsuit suit filing memo affidavit
    indictment order ruling opinion document note message tweet notice petition motion brief policy
    proposal study survey audit announcement press-release website posting caption text ad advertisement
    commercial video editorial column article story book transcript headline platform resolution excerpt
    excerpts poll piece clip footage book movie film documentary photo image passage footnote bylaws memoir
    readout cable dispatch chapter summary guide handbook manual newsletter flyer mailer pamphlet brochure
    script question questionnaire
    """
)

# Words that end like agent nouns (-er, -or, -ist …) but are not roles.
NOT_ROLE_WORDS = word_set(
    """
    other another after never ever water number under over later former center centre corner order letter
    paper matter border summer winter together whether rather neither either further farther better bigger
    larger smaller younger older newer longer shorter higher lower error mirror floor door minor major
    interior exterior prior superior inferior favor flavor labor honor color tumor rumor vapor factor
    sector tractor monitor elevator calculator register computer fiber cancer poster charter chapter
    quarter powder ladder rubber silver timber thunder wonder offer answer power tower flower shower river
    liver cover fever dinner banner manner present percent moment comment element segment statement
    department payment apartment government movement development management agreement requirement
    investment treatment event content extent intent recent decent frequent different current urgent
    ancient incident accident talent giant plant grant want restaurant significant important instant
    distant constant pleasant relevant elegant vacant list counter shelter trailer container cluster filter
    folder holder meter parameter remainder reminder sticker thriller whisper slumber lumber chamber
    committee coffee guarantee jubilee toffee
    """
)

# Plural or collective nouns that speak as a group: "police said", "officials said".
GROUP_NOUNS = word_set(
    """
    police officials authorities prosecutors investigators witnesses residents organizers organisers
    neighbors neighbours parents advocates critics supporters protesters protestors experts researchers
    lawyers attorneys officers firefighters deputies troopers detectives doctors nurses teachers students
    leaders members activists volunteers employees workers analysts scientists sources administrators
    staff staffers officers organizers demonstrators tenants landlords owners economists educators
    homeowners renters riders commuters fans players coaches family relatives friends neighbors marchers
    spokespeople representatives lawmakers legislators councilmembers commissioners trustees regulators
    inspectors agents groups voters respondents delegates donors participants
    """
)

# A trailing word that makes a capitalised run an organisation rather than a person.
ORG_WORDS = word_set(
    """
    Department Dept. Office Company Co. Inc. Inc Corp. Corp Corporation LLC LLP Ltd. Partners Group
    University College School Schools District Authority Agency Association Union Coalition Committee
    Commission Board Bureau Service Services Center Centre Hospital Church Foundation Fund Institute
    Project Network Alliance Party Society Club League Federation Trust Bank Administration Ministry Court
    Police Transit Gas Electric Energy Airlines Systems Labs Media News Times Post Tribune Ledger Press
    Clinic Library Museum Council Workers Tenants Collective Cooperative Initiative Campaign Caucus Team
    Industries Holdings Enterprises Organization Organisation Assembly Legislature Senate Congress
    Administration Health Healthcare Unidos Partnership Services Watch Fire Sheriff's Prison Jail Academy
    Agency Utility Utilities Railroad Railway Airport Port Guard Navy Army Marines Force Properties Realty
    Development Developers Capital Ventures Management Associates Solutions Technologies Brands Foods
    Motors Pharmaceuticals Communities Homes Construction Builders Investments Equities Logistics Hotels
    Restaurants Stores Markets Studios Productions Records Entertainment Insurance Financial Bancorp
    Airways Transportation Telecom Wireless Manufacturing Laboratories Therapeutics Hospitality Consulting
    Advisors Partnership Co-op Nonprofit Charities Ministries Radio Television TV Magazine Journal Herald
    Gazette Chronicle Examiner Inquirer Courier Bulletin Observer
    """
)

# Generic nouns a later mention uses for an organisation named earlier: "the agency said".
ORG_ANAPHORS = word_set(
    """
    agency company department office union coalition association group organization organisation district
    authority firm nonprofit campaign committee commission board council hospital university college
    school church foundation utility developer network alliance center bureau administration newspaper
    outlet outlets magazine station channel publication ministry embassy tabloid
    """
)

# A trailing word that makes a capitalised run a place.
PLACE_WORDS = word_set(
    """
    Street St. Avenue Ave. Road Rd. Boulevard Blvd. Lane Drive Dr Park Square Hall Bridge River Lake Creek
    Bay County City Township Borough Station Line Airport Market Theater Theatre Stadium Field Arena
    Building Tower Plaza Heights Hill Hills Valley Beach Island Elementary High Middle Avenue Highway
    Expressway Parkway Way Court Ct. Place Pl. Terrace Harbor Point Coast Mountain Mountains Falls Springs
    Village Town Park Garden Gardens Pier Wharf Mall Center Centre Library States America Kingdom Republic
    Island Islands Valley North South East West Northeast Northwest Southeast Southwest Downtown Uptown
    Midtown
    """
)

# Places a news story names as if they acted ("Georgia voted", "New York said"): never a person.
PLACE_NAMES = frozenset(
    line.strip()
    for line in """
    Alabama
    Alaska
    Arizona
    Arkansas
    California
    Colorado
    Connecticut
    Delaware
    Florida
    Georgia
    Hawaii
    Idaho
    Illinois
    Indiana
    Iowa
    Kansas
    Kentucky
    Louisiana
    Maine
    Maryland
    Massachusetts
    Michigan
    Minnesota
    Mississippi
    Missouri
    Montana
    Nebraska
    Nevada
    New Hampshire
    New Jersey
    New Mexico
    New York
    North Carolina
    North Dakota
    Ohio
    Oklahoma
    Oregon
    Pennsylvania
    Rhode Island
    South Carolina
    South Dakota
    Tennessee
    Texas
    Utah
    Vermont
    Virginia
    Washington
    West Virginia
    Wisconsin
    Wyoming
    Puerto Rico
    United States
    America
    Canada
    Mexico
    Britain
    Great Britain
    England
    Scotland
    Ireland
    France
    Germany
    Italy
    Spain
    Russia
    China
    Japan
    India
    Israel
    Iran
    Iraq
    Syria
    Egypt
    Turkey
    Ukraine
    Europe
    Africa
    Asia
    Islamic State
    """.strip().splitlines()
)

# Nouns before a quoted span that make it a title or a label, not speech.
WORK_NOUNS = word_set(
    """
    documentary film movie song album single book novel memoir biography play musical show series podcast
    episode exhibit exhibition poem essay column article op-ed headline titled entitled so-called
    nicknamed dubbed hashtag slogan motto phrase word words term terms label brand tagline catchphrase
    opera ballad anthem hymn report study paper program programme initiative campaign project festival
    event concert sitcom drama special newsletter magazine blog website app game video track record
    mixtape banner sign signs chant sticker stickers shirt t-shirt tattoo nickname moniker name named
    known
    """
)

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = word_set(
    """
    mr mrs ms mx dr st sgt lt gov sen rep rev det capt cpl gen col maj adm supt atty prof cmdr del ft mt
    jr sr no nos vs etc inc co corp ltd jan feb mar apr aug sep sept oct nov dec ave blvd rd u.s a.m p.m
    u.k d.c n.j n.y pa calif fla mass mich minn wis ill ind ariz colo conn ga ky la md mo nev okla ore
    tenn tex va wash
    """
)
NEVER_SENTENCE_END = word_set(
    """
    u.s mr mrs ms mx dr st sgt lt gov sen rep rev det capt cpl gen col maj adm supt atty prof cmdr del ft
    mt no nos vs
    """
)

FEMALE_NAMES = word_set(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret
    sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca
    sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha
    katherine christine debra rachel carolyn janet catherine maria heather diane ruth julie olivia joyce
    virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
    martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace
    denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie
    kayla alexis lori erika erica marisol carmen rosa ana lucia sofia gabriela elena alicia adriana
    veronica yolanda guadalupe leticia beatriz renata ines inés claudia monica mónica priya aisha fatima
    keisha tasha latoya tamika shanice imani ebony jasmine destiny tiffany crystal naomi leah miriam
    esther deborah tonya tanya dolores gina nadia carla renee renée lorraine helen joanne jenna claire
    eleanor linda linda alana deborah ruth angela olivia beatriz frances siobhan colleen maureen bridget
    kendra tamara yvonne wanda loretta darlene patrice lena lisa marisa maya rita irene sylvia vanessa
    whitney brianna kiara aaliyah mia ava chloe zoe lily ella layla nora hazel aurora penelope stella
    violet luna camila valentina ximena fernanda paola daniela mariana catalina juana rocio roxana lourdes
    marta pilar consuelo elodie élodie amelie ingrid astrid greta ilse hilde anneliese svetlana olga
    natasha irina yuki mei ling hui xin jia
    """
)

MALE_NAMES = word_set(
    """
    james robert john michael david william richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
    jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
    gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
    zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl
    arthur lawrence dylan jesse bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah
    randy roy vincent ralph eugene russell bobby mason philip louis luis carlos miguel jorge pedro manuel
    rafael alejandro diego tomas tomás hector héctor omar ahmed mohammed muhammad ali hassan darnell
    tyrone jamal deshawn marcus malik andre darius terrell dwayne curtis derek victor hugo oscar walter
    dean greg gregory hector marco mario antonio francisco ricardo fernando javier sergio andres andrés
    eduardo enrique julio cesar césar felipe ignacio raul raúl ruben rubén salvador emilio ernesto esteban
    leo leon liam lucas oliver owen caleb isaac isaiah levi eli hunter connor cameron evan luke max jake
    theo felix hans klaus jurgen sven lars olaf ivan dmitri sergei vladimir yuri hiroshi kenji takeshi wei
    jun ming raj arjun vikram sami amos mike tom tim jim bill bob dan dave steve rob ted ed ken ron don
    doug pete tony nick chris matt andy ben ray reggie cedric clarence otis leroy floyd lloyd melvin
    herbert harvey stanley howard vernon wallace warren wesley calvin chester milton marvin irving morris
    norman
    """
)
