"""Where the simulator's Rembang stations stand, each in its kecamatan.

Positions are the named places themselves (the alun-alun, the fish auction,
the river's gauge near its town), given to about 100 m, enough for a
regency map and far from anything operational. The test
tests/unit/test_places.py checks each lies inside its kecamatan's polygon
whenever a kecamatan layer is installed in resources/maps/ (README.md there).
"""

from __future__ import annotations

from smartcity_console.core.places import StationPlace


def _p(station: str, lat: float, lon: float, kecamatan: str) -> StationPlace:
    return StationPlace(station, lat, lon, kecamatan)


SIM_PLACES: tuple[StationPlace, ...] = (
    # Kecamatan Rembang: the regency's town, its port and its beaches
    _p("alun_alun_rembang", -6.7075, 111.3440, "Rembang"),
    _p("kabupaten_rembang", -6.7062, 111.3415, "Rembang"),
    _p("mpp_rembang", -6.7100, 111.3480, "Rembang"),
    _p("disdukcapil", -6.7118, 111.3395, "Rembang"),
    _p("museum_kartini", -6.7068, 111.3458, "Rembang"),
    _p("pantai_kartini", -6.7000, 111.3515, "Rembang"),
    _p("pasar_rembang", -6.7040, 111.3385, "Rembang"),
    _p("pdam_rembang", -6.7140, 111.3470, "Rembang"),
    _p("ncc_112", -6.7085, 111.3425, "Rembang"),
    _p("rembang", -6.7110, 111.3350, "Rembang"),
    _p("tpi_tasik_agung", -6.6975, 111.3295, "Rembang"),
    _p("pelabuhan_tasik_agung", -6.6960, 111.3320, "Rembang"),
    _p("pantai_karang_jahe", -6.6850, 111.3930, "Rembang"),
    # Lasem: the heritage town and the Babagan river
    _p("lasem", -6.6950, 111.4330, "Lasem"),
    _p("kecamatan_lasem", -6.6940, 111.4345, "Lasem"),
    _p("lasem_heritage", -6.6965, 111.4300, "Lasem"),
    _p("pasar_lasem", -6.6915, 111.4355, "Lasem"),
    _p("alun_alun_lasem", -6.6935, 111.4340, "Lasem"),
    _p("simpang_lasem", -6.6975, 111.4260, "Lasem"),
    _p("pdam_lasem", -6.7000, 111.4385, "Lasem"),
    _p("kali_babagan", -6.6890, 111.4420, "Lasem"),
    # along the Pantura and the east coast
    _p("pantura_kaliori", -6.7035, 111.2720, "Kaliori"),
    _p("pantura_sluke", -6.6450, 111.5160, "Sluke"),
    _p("kragan", -6.7010, 111.6050, "Kragan"),
    _p("pdam_kragan", -6.7060, 111.6020, "Kragan"),
    _p("sarang", -6.7340, 111.6820, "Sarang"),
    _p("tpi_sarang", -6.7240, 111.6800, "Sarang"),
    # inland
    _p("simpang_sulang", -6.7705, 111.3690, "Sulang"),
    _p("sulang", -6.7720, 111.3705, "Sulang"),
    _p("pamotan", -6.7620, 111.4575, "Pamotan"),
    _p("kali_pamotan", -6.7580, 111.4620, "Pamotan"),
    _p("sedan", -6.7765, 111.6115, "Sedan"),
    _p("kali_sedan", -6.7720, 111.6150, "Sedan"),
    _p("gunem", -6.8700, 111.4500, "Gunem"),
    _p("sale", -6.8880, 111.5880, "Sale"),
    _p("sumber", -6.7930, 111.2720, "Sumber"),
    _p("bulu", -6.8520, 111.3300, "Bulu"),
    _p("pancur", -6.7830, 111.5330, "Pancur"),
)
"""One place per station slug of sim/catalogue.py (a test checks none is missing)."""
