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
from functools import lru_cache

_WORDS: dict[str, str] = {
    "pets": r"pets?|cats?|dogs?|pupp(?:y|ies)|kittens?|vets?|veterinary|microchip\w*|grooming|groomers?"
    r"|kennels?|cattery|neuter\w*|spay\w*|fleas?|worming|dog[- ]walk\w*",
    "farming": r"farm\w*|livestock|cattle|cows?|sheep|herds?|crops?|tractors?|poultry",
    "motoring": r"cars?|vehicles?|driving|roadside|breakdown\s+(?:cover|service|recovery|truck)|broken\s+down"
    r"|breaking\s+down|mot|tyres?|garage|petrol|diesel|car\s+park\w*|parking\s+(?:space|permit)s?|motor\w*"
    r"|courtesy\s+car|hire\s+car",
    "cycling": r"bikes?|e-bikes?|bicycles?|cycling|cyclists?|e-scooters?|(?<!mobility\s)scooters?",
    "health": r"patients?|gp|doctors?|nurses?|hospitals?|clinics?|surgery|surgeries|mri|x-rays?|ct\s+scans?"
    r"|ultrasound|prescriptions?|medication|medicines?|pharmac\w+|dental|dentists?|teeth|tooth|injur\w*"
    r"|physio\w*|therap\w+|a&e|wards?|sick|ill|illness|pre-op|opticians?|glasses|hearing\s+(?:aids?|tests?)"
    r"|fertility|hospice|care\s+home|carers?|dementia|cancer|diabetes|asthma|blood\s+tests?|maternity"
    r"|midwi\w+|vaccin\w+|symptoms?|mobility\s+scooters?|wheelchairs?",
    "housing": r"houses?|rent|rented|tenants?|tenancy|landlords?|damp|mould|boilers?|leaks?|roofs?|kitchens?"
    r"|moving\s+(?:house|home)|removals?|propert(?:y|ies)|viewings?|homeowners?|first-time\s+buyers?"
    r"|estate\s+agents?|(?:my|our|the|a|rented|council)\s+flat(?!\s+(?:fee|rate|tyre|battery|price))"
    r"|council\s+tax|conveyanc\w+|repairs?\s+team|housing",
    "banking": r"banking|loans?|(?:re-?)?mortgages?|savings\s+accounts?|isas?|pensions?"
    r"|credit\s+(?:cards?|scores?|unions?|checks?|ratings?|files?)|debts?|overdrafts?|interest\s+rates?"
    r"|current\s+accounts?|(?:bank|money|balance)\s+transfers?|scam\w*|fraud|lenders?|borrowers?"
    r"|accountants?|tax\s+returns?|self-assessment|payroll",
    "insurance": r"insur\w+|policyholders?|no-claims|underwrit\w+",
    "telecoms": r"broadband|wi-?fi|mobiles?|phone\s+contracts?|handsets?|sim|mobile\s+(?:data|network|signal)|routers?"
    r"|internet|landlines?|network\s+(?:coverage|signal|outages?)|roaming|streaming|tv|gam(?:ing|ers?)",
    "utilities": r"water|gas|electricity|energy|power\s+cuts?|power\s+supply|burst|supply\s+pipes?|heating"
    r"|solar|prepayment|smart\s+meters?|meter\s+(?:readings?|readers?)|(?:gas|electricity|water)\s+meters?",
    "travel": r"flights?|airports?|airlines?|trains?|(?<!grab\s)rail|coach(?:es)?|ferry|ferries|sailings?"
    r"|cruises?|hotels?|holidays?|holidaymakers?|passports?|visas?|luggage|suitcases?|taxis?|commut\w+"
    r"|passengers?|travel\w*|check-in|tourists?|tourism|sightseeing",
    "events": r"films?|cinemas?|concerts?|festivals?|theatres?|gig\s+(?:tickets?|venues?)|stadiums?|venues?|weddings?"
    r"|(?<!third\s)(?<!third-)part(?:y|ies)|museums?|zoos?|theme\s+parks?|event\s+(?:organisers?|tickets?)",
    "education": r"schools?|pupils?|students?|universit(?:y|ies)|colleges?|exams?|tuition|tutors?|nurser(?:y|ies)"
    r"|childminders?|admissions?|reception\s+class|graduates?|teachers?|homework|term\s+time",
    "shopping": r"shops?|shopp\w+|stores?|parcels?|couriers?|parcel\s+lockers?|baskets?|grocer\w+"
    r"|supermarkets?|checkout|furniture|sofas?|appliances?|retailers?",
    "food": r"pizzas?|restaurants?|meals?|coffee|lunch|takeaways?|food|breakfast|dinner|cafes?",
    "work": r"job\s+(?:centre|seekers?|offers?|applications?|interviews?|hunt\w*)|new\s+job|lost\s+(?:my|their|a)\s+job"
    r"|employers?|salar(?:y|ies)|payslips?|leavers?|recruit\w*|cvs?|redundan\w+|jobseekers?|staff\s+leaving"
    r"|new\s+starters?",
    "fitness": r"gyms?|fitness|swim\w*|pools?|leisure\s+cent(?:re|er)s?|personal\s+trainers?|workouts?|races?"
    r"|yoga|pilates|zumba|spin\s+class(?:es)?",
    "camping": r"caravans?|campsites?|camping|campers?|tents?|motorhomes?|glamping",
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
        ("travel", "education"),
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
    return dict(_domains(text or ""))


@lru_cache(maxsize=256)  # a category is asked about on every keystroke of its need
def _domains(text: str) -> tuple[tuple[str, re.Match[str]], ...]:
    return tuple((d, m) for d, rx in _RES.items() if (m := rx.search(text)))


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
