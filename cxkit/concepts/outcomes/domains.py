"""What part of life a need or a customer category is about, to catch a need off its category.

A need is *relevant* when it fits what its category is trying to get done (corpus RULES.md §2).
Without world knowledge the kit cannot judge fit in general, but it can see a plain mismatch: a
need about pets for e-bike owners, about a mortgage for caravan owners. Each domain is a short
list of words that name it and nothing else; words every domain uses (bill, fee, app, order,
appointment, home, card) are left out on purpose, so a need is only flagged when both texts name
a domain and no domain of one is the other's or sits next to it (``_NEAR``).
"""

from __future__ import annotations

import re

_WORDS: dict[str, str] = {
    "pets": r"pets?|cats?|dogs?|pupp(?:y|ies)|kittens?|vets?|veterinary|microchip\w*|groom\w*|kennels?"
    r"|cattery|neuter\w*|spay\w*|fleas?|worming|dog[- ]walk\w*",
    "farming": r"farm\w*|livestock|cattle|cows?|sheep|herds?|crops?|tractors?|poultry",
    "motoring": r"cars?|vehicles?|driving|roadside|breakdowns?|breaking\s+down|mot|tyres?|garage"
    r"|petrol|diesel|car\s+park\w*|parking\s+(?:space|permit)s?|motor\w*|courtesy\s+car|hire\s+car",
    "cycling": r"bikes?|e-bikes?|bicycles?|cycling|cyclists?|e-scooters?|scooters?",
    "health": r"patients?|gp|doctors?|nurses?|hospitals?|clinics?|surgery|surgeries|operations?|scans?|mri"
    r"|x-rays?|prescriptions?|medication|medicines?|pharmac\w+|dental|dentists?|teeth|tooth|injur\w*"
    r"|physio\w*|therap\w+|a&e|wards?|sick|ill|illness|pre-op|consultants?|opticians?|glasses|hearing"
    r"|fertility|hospice|care\s+home|carers?|dementia|cancer|diabetes|asthma|blood\s+tests?|maternity"
    r"|midwi\w+|vaccin\w+|symptoms?",
    "housing": r"houses?|rent|rented|tenants?|tenancy|landlords?|damp|mould|boilers?|leaks?|roofs?|kitchens?"
    r"|moving\s+(?:house|home)|removals?|propert(?:y|ies)|viewings?|homeowners?|first-time\s+buyers?"
    r"|estate\s+agents?|flats?|council\s+tax|conveyanc\w+|repairs?\s+team|housing",
    "banking": r"banking|loans?|(?:re-?)?mortgages?|savings?|isas?|pensions?|credit|debts?|overdrafts?"
    r"|interest\s+rates?|current\s+accounts?|transfers?|scam\w*|fraud|lenders?|borrow\w*|accountants?"
    r"|tax\s+returns?|self-assessment|payroll",
    "insurance": r"insur\w+|polic(?:y|ies)|premiums?|no-claims|excess|underwrit\w+",
    "telecoms": r"broadband|wi-?fi|mobiles?|phone\s+contracts?|sim|signal|mobile\s+data|routers?|internet"
    r"|landlines?|networks?|roaming|streaming|stream|tv|gam(?:ing|ers?)",
    "utilities": r"water|gas|electricity|energy|power\s+cuts?|power\s+supply|meters?|burst|supply\s+pipes?"
    r"|heating|solar|prepayment",
    "travel": r"flights?|airports?|airlines?|trains?|(?<!grab\s)rail|coach(?:es)?|ferry|ferries|sailings?|cruises?|hotels?"
    r"|holidays?|holidaymakers?|passports?|visas?|luggage|suitcases?|stations?|platforms?|taxis?|commut\w+"
    r"|passengers?|travel\w*|boarding|check-in",
    "events": r"films?|cinemas?|concerts?|festivals?|theatres?|gigs?|stadiums?|venues?|weddings?|part(?:y|ies)"
    r"|museums?|zoos?|theme\s+parks?|event\s+organisers?|events?",
    "education": r"schools?|pupils?|students?|universit(?:y|ies)|colleges?|exams?|tuition|tutors?|nurser(?:y|ies)"
    r"|childminders?|admissions?|reception\s+class|graduates?|teachers?|homework|term\s+time",
    "shopping": r"shops?|shopp\w+|stores?|parcels?|couriers?|lockers?|baskets?|grocer\w+|supermarkets?"
    r"|checkout|furniture|sofas?|appliances?|retailers?",
    "food": r"pizzas?|restaurants?|meals?|coffee|lunch|takeaways?|food|breakfast|dinner|menus?|cafes?",
    "work": r"job\s+(?:centre|seekers?|offers?|applications?|interviews?|hunt\w*)|new\s+job|lost\s+(?:my|their|a)\s+job"
    r"|employers?|salar(?:y|ies)|payslips?|leavers?|recruit\w*|cvs?|interviews?|redundan\w+"
    r"|jobseekers?|last\s+day|staff\s+leaving|new\s+starters?",
    "fitness": r"gyms?|fitness|swim\w*|pools?|leisure\s+cent(?:re|er)s?|personal\s+trainers?|workouts?|races?"
    r"|training",
    "camping": r"caravans?|campsites?|camping|campers?|pitch(?:es)?|tents?|motorhomes?|glamping",
}
# Each domain in plain words, for feedback ("… is about pets, but this category is about cycling").
LABELS: dict[str, str] = {
    "pets": "pets",
    "farming": "farming",
    "motoring": "cars and driving",
    "cycling": "bikes and scooters",
    "health": "health care",
    "housing": "housing",
    "banking": "money and banking",
    "insurance": "insurance",
    "telecoms": "phones and broadband",
    "utilities": "water and energy",
    "travel": "travel",
    "events": "events and days out",
    "education": "schools and study",
    "shopping": "shopping and deliveries",
    "food": "food and drink",
    "work": "work and jobs",
    "fitness": "sport and fitness",
    "camping": "camping and caravans",
}
# Domains a need may cross into and still fit: a patient's travel to clinic, a home's energy.
_NEAR = {
    frozenset(p)
    for p in (
        ("health", "insurance"),
        ("health", "travel"),
        ("health", "pets"),
        ("health", "fitness"),
        ("health", "food"),
        ("health", "work"),
        ("health", "education"),
        ("housing", "education"),
        ("housing", "health"),
        ("motoring", "insurance"),
        ("motoring", "travel"),
        ("motoring", "cycling"),
        ("housing", "banking"),
        ("housing", "utilities"),
        ("housing", "insurance"),
        ("housing", "telecoms"),
        ("housing", "shopping"),
        ("travel", "insurance"),
        ("travel", "events"),
        ("travel", "food"),
        ("travel", "telecoms"),
        ("travel", "camping"),
        ("events", "camping"),
        ("travel", "cycling"),
        ("travel", "shopping"),
        ("events", "food"),
        ("shopping", "food"),
        ("pets", "insurance"),
        ("pets", "farming"),
        ("camping", "motoring"),
        ("education", "work"),
        ("education", "banking"),
        ("work", "banking"),
        ("banking", "insurance"),
        ("banking", "shopping"),
        ("telecoms", "shopping"),
        ("utilities", "banking"),
        ("fitness", "events"),
    )
}
_RES = {d: re.compile(rf"\b(?:{w})\b", re.I) for d, w in _WORDS.items()}


def domains_of(text: str) -> dict[str, re.Match[str]]:
    """The domains the text names, each with the first words that named it."""
    found = {}
    for d, rx in _RES.items():
        m = rx.search(text or "")
        if m:
            found[d] = m
    return found


def off_category(need: str, category: str | None) -> tuple[re.Match[str], str, str] | None:
    """The need's word, its domain and the category's when the need is plainly about something else."""
    if not category:
        return None
    cat = domains_of(category)
    got = domains_of(need)
    if not cat or not got:
        return None
    if set(cat) & set(got):
        return None
    if any(frozenset((a, b)) in _NEAR for a in got for b in cat):
        return None
    domain, first = min(got.items(), key=lambda kv: kv[1].start())
    return first, domain, next(iter(cat))
