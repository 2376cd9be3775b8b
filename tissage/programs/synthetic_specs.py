"""The employment centre's published figures (seed 002, 2024-25), as `synthetic.py` needs them:
per program, the counts of its tables; for the integration program, its persons' residence
status and countries; the referrals. Typed from the seed; see docs/programs.md for the figures
the seed prints inconsistently.
"""

from dataclasses import dataclass, field

from tissage.programs.models import Program
from tissage.reports.periods import fiscal_year

YEAR = fiscal_year(2024, 7)  # July 1, 2024 – June 30, 2025: the agreements' year
BEFORE = fiscal_year(2023, 7)
H = 60  # minutes in an hour

D_BANDS = (("D1", 15, 30), ("D2", 31, 45), ("D3", 46, 60), ("D4", 61, 75))
C_BANDS = (("C1", 0, 5), ("C2", 5, 10), ("C3", 10, None))


@dataclass(frozen=True)
class Level:
    code: str  # "" for a program without levels
    count: int
    average: int  # minutes
    funded: bool = False  # the level is the funded one, outside the band its hours reach


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    funder: str
    new: int
    exits: tuple[Level, ...] = ()
    carry_over: int = 0
    readmissions: int = 0
    readmissions_ended: int = 0
    bands: tuple[tuple[str, int, int | None], ...] = ()
    in_table: bool = True
    tracks_readmissions: bool = True
    rounding: str = Program.Rounding.HOUR
    unit: str = Program.Unit.YEAR
    abandonment: int = 0
    other_non_completion: int = 0
    trial: int = 0
    employed: int = 0
    wage_subsidy: int = 0
    studies: int = 0
    other_measure: int = 0
    internships: int = 0
    companies: int = 0
    targets: dict[str, int] = field(default_factory=dict)
    linked: bool = False  # direct hours come from linked interventions, not typed
    # Integration program: eligible enrolments per semester, and not eligible per semester.
    semesters: tuple[int, int] = (0, 0)
    not_eligible: tuple[int, int] = (0, 0)


SQ, MIFI = "services-quebec", "mifi"

SPECS = (
    Spec("ppent", "Projet de préparation à l'emploi non traditionnel/PPENT", SQ, new=22,
         exits=(Level("", 20, 40 * H),), carry_over=3, other_non_completion=7, trial=2,
         employed=10, studies=2, other_measure=5, internships=16, companies=21,
         targets={"new_participants": 20, "employed": 13}),
    Spec("groupe-d", "Groupe D (Services spécialisés)", SQ, new=233,
         exits=(Level("D1", 224, 880), Level("D2", 15, 38 * H), Level("D3", 4, 54 * H),
                Level("D4", 1, 74 * H)),
         carry_over=40, readmissions=5, readmissions_ended=4, bands=D_BANDS,
         abandonment=18, other_non_completion=81, employed=90, wage_subsidy=2, studies=15,
         other_measure=19, targets={"new_participants": 222, "employed": 122}),
    Spec("maintien-emploi", "Groupe maintien en emploi", SQ, new=3,
         exits=(Level("", 2, 39 * H),), carry_over=2, employed=2,
         targets={"new_participants": 12}),
    Spec("icte", "Initiative ciblée pour les travailleurs expérimentés/ICTE", SQ, new=41,
         exits=(Level("", 38, 30 * H),), carry_over=4, other_non_completion=13, employed=16,
         studies=3, other_measure=1, internships=6,
         targets={"new_participants": 42, "employed": 27}),
    Spec("groupe-c", "Groupe C (Méthodes de recherches d'emploi)", SQ, new=127,
         exits=(Level("C1", 18, 285), Level("C2", 62, 9 * H), Level("C3", 78, 16 * H)),
         carry_over=48, bands=C_BANDS, abandonment=5, other_non_completion=14,
         targets={"new_participants": 160}),
    Spec("groupe-b", "Groupe B (Orientation)", SQ, new=14, exits=(Level("", 12, 16 * H),),
         carry_over=2, abandonment=1, other_non_completion=3, linked=True,
         targets={"new_participants": 25}),
    Spec("edet", "Groupe C (EDET)", SQ, new=90,
         exits=(Level("C1", 5, 4 * H), Level("C2", 55, 405), Level("C3", 25, 765)),
         carry_over=5, bands=C_BANDS, abandonment=4, other_non_completion=3,
         targets={"new_participants": 95}),
    Spec("mfor", "Groupe D (Ouvrier spécialisé/MFOR)", SQ, new=5,
         exits=(Level("D1", 3, 29 * H), Level("D2", 2, 32 * H)), bands=D_BANDS, employed=5,
         targets={"new_participants": 8}),
    Spec("groupe-a", "Groupe A (Sessions d'information – Services Canada)", SQ, new=105,
         exits=(Level("", 105, 3 * H),), tracks_readmissions=False,
         targets={"new_participants": 201}),
    Spec("groupe-d-os", "Groupe D – Orientation / Stage", SQ, new=3,
         exits=(Level("D1", 3, 875), Level("D2", 2, 2152), Level("D4", 1, 3465, funded=True)),
         carry_over=3, bands=D_BANDS, in_table=False, rounding=Program.Rounding.MINUTE,
         employed=1, targets={"new_participants": 5, "employed": 3}),
    Spec("pasi-1a", "Volet installation", MIFI, new=228, semesters=(146, 82),
         not_eligible=(6, 5), in_table=False, unit=Program.Unit.SEMESTER,
         targets={"new_participants": 160}),
    Spec("pasi-1b", "Volet régionalisation", MIFI, new=73, semesters=(23, 50),
         not_eligible=(5, 5), in_table=False, unit=Program.Unit.SEMESTER,
         targets={"new_participants": 45}),
    Spec("pasi-2", "Volet pleine participation", MIFI, new=676, semesters=(312, 364),
         not_eligible=(16, 17), in_table=False, unit=Program.Unit.SEMESTER,
         targets={"new_participants": 250}),
    Spec("pasi-4a", "Volet demandeurs d'asile", MIFI, new=43, semesters=(22, 21),
         not_eligible=(3, 3), in_table=False, unit=Program.Unit.SEMESTER,
         targets={"new_participants": 30}),
)  # fmt: skip

# Residence status by sex of the integration program's 461 persons (women, men).
RESIDENCE = {
    "citizen": (2, 2),
    "refugee-claimant": (20, 25),
    "protected-person": (10, 7),
    "permanent-resident": (60, 57),
    "international-student": (23, 25),
    "temporary-worker": (108, 121),
    "not-specified": (1, 0),
}
COUNTRIES = {
    "Cameroun": 130, "Ukraine": 52, "Maroc": 41, "Côte d'Ivoire": 36, "Colombie": 20,
    "Haïti": 20, "Philippines": 17, "Algérie": 16, "Mexique": 16, "Tunisie": 16,
    "Sénégal": 13, "Rép. dém. du Congo": 11, "France": 10, "Inde": 9, "Brésil": 8,
    "Guatemala": 8, "Venezuela": 7, "Pérou": 7, "Bénin": 6, "Togo": 5, "Liban": 5,
    "Chine": 4, "Iran": 4,
}  # fmt: skip
# Persons referred out, by destination (the 49 who found a job before their first meeting
# are no referral); 27 referrals to the local Services Québec office closed, not reached.
LOCAL_OFFICE = "Bureau de Services Québec de Sorel-Tracy"
REFERRALS = {
    LOCAL_OFFICE: 140,
    "Services Québec (autre bureau)": 10,
    "Service Canada": 3,
    "Carrefour jeunesse-emploi Pierre-De Saurel": 40,
    "Centre de formation professionnelle de Sorel-Tracy": 35,
    "CLSC Gaston-Bélanger": 30,
    "Centre d'action bénévole du Bas-Richelieu": 25,
}
NOT_REACHED = 27
NEEDS_EVALUATIONS = (170, 190, 160, 150)  # per quarter; 53 of them for the PPENT
