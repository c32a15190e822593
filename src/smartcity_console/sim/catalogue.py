"""The catalogue: every simulated series of the six programs, at its nominal publish interval.

Stations and their numbers come from the regency itself (docs/contracts.md, The
six programs); ``low``/``high`` bound every value outside anomalies, so alarm
rules can use them as thresholds (docs/simulator.md lists them).
"""

from __future__ import annotations

from smartcity_console.sim.models.city import FishLanded, Price, StreetLight, Traffic, WaterPressure
from smartcity_console.sim.models.environment import (
    Humidity,
    Pm25,
    Rain,
    RiverLevel,
    Temperature,
    Tide,
)
from smartcity_console.sim.models.people import (
    EventCrowd,
    HourlyCount,
    MarketCrowd,
    Occupancy,
    OfficeQueue,
    ServiceLevel,
    Visitors,
    WifiUsers,
)
from smartcity_console.sim.series import Model, Series


def _catalogue() -> tuple[Series, ...]:
    def s(
        program: str,
        measurement: str,
        station: str,
        unit: str,
        interval_s: float,
        low: float,
        high: float,
        decimals: int,
        model: Model,
    ) -> Series:
        return Series(program, measurement, station, unit, interval_s, low, high, decimals, model)

    rain = "rembang/environment/rainfall/"
    return (
        # governance: public-service offices, LAPOR! complaints, SLA
        s("governance", "queue_length", "mpp_rembang", "people", 60, 0, 120, 0, OfficeQueue(45)),
        s("governance", "waiting_time", "mpp_rembang", "min", 60, 0, 120, 0, OfficeQueue(45, 0.6)),
        s("governance", "queue_length", "disdukcapil", "people", 60, 0, 100, 0, OfficeQueue(35)),
        s("governance", "waiting_time", "disdukcapil", "min", 60, 0, 120, 0, OfficeQueue(35, 0.9)),
        s("governance", "queue_length", "kecamatan_lasem", "people", 60, 0, 40, 0, OfficeQueue(12)),
        s("governance", "lapor_complaints", "kabupaten_rembang", "reports/h", 300, 0, 25, 0,
          HourlyCount(0.5, ((10.0, 2.5, 5.0),), weekend=0.3)),
        s("governance", "service_sla", "mpp_rembang", "%", 300, 85, 100, 1, ServiceLevel()),
        # branding: visitors and events
        s("branding", "visitors", "pantai_kartini", "people", 120, 0, 2500, 0,
          Visitors(350, 7.0, 18.0, peak_h=16.0, weekend=2.4)),
        s("branding", "visitors", "pantai_karang_jahe", "people", 120, 0, 3000, 0,
          Visitors(300, 6.5, 18.0, peak_h=16.0, weekend=2.8)),
        s("branding", "visitors", "lasem_heritage", "people", 120, 0, 1200, 0,
          Visitors(150, 8.0, 17.0, peak_h=14.0, width=2.2, weekend=2.5)),
        s("branding", "visitors", "museum_kartini", "people", 120, 0, 400, 0,
          Visitors(60, 8.0, 15.0, peak_h=11.0, width=2.0, weekend=1.8, closed_weekday=0)),
        s("branding", "event_attendance", "alun_alun_rembang", "people", 300, 0, 6000, 0,
          EventCrowd()),
        # economy: staple prices, the fish auctions, market crowd
        s("economy", "price_beras", "pasar_rembang", "Rp/kg", 300, 10000, 18000, 0,
          Price(13500, 0.04, 100)),
        s("economy", "price_cabai_rawit", "pasar_rembang", "Rp/kg", 300, 25000, 70000, 0,
          Price(45000, 0.15, 500)),
        s("economy", "price_cabai_merah", "pasar_rembang", "Rp/kg", 300, 20000, 60000, 0,
          Price(38000, 0.15, 500)),
        s("economy", "price_bawang_merah", "pasar_rembang", "Rp/kg", 300, 20000, 50000, 0,
          Price(32000, 0.10, 500)),
        s("economy", "price_beras", "pasar_lasem", "Rp/kg", 300, 10000, 18000, 0,
          Price(13700, 0.04, 100)),
        s("economy", "price_cabai_rawit", "pasar_lasem", "Rp/kg", 300, 25000, 70000, 0,
          Price(46000, 0.15, 500)),
        s("economy", "price_bawang_merah", "pasar_lasem", "Rp/kg", 300, 20000, 50000, 0,
          Price(32500, 0.10, 500)),
        s("economy", "fish_landed", "tpi_tasik_agung", "kg", 300, 0, 6000, 0, FishLanded(2500)),
        s("economy", "fish_landed", "tpi_sarang", "kg", 300, 0, 2500, 0, FishLanded(800)),
        s("economy", "market_visitors", "pasar_rembang", "people", 120, 0, 5000, 0,
          MarketCrowd(2200)),
        # living: traffic, street lights, PDAM, parking
        s("living", "traffic", "alun_alun_rembang", "vehicles/5min", 60, 0, 400, 0, Traffic(220)),
        s("living", "traffic", "pantura_kaliori", "vehicles/5min", 60, 0, 650, 0,
          Traffic(380, night_floor=0.4)),
        s("living", "traffic", "pantura_sluke", "vehicles/5min", 60, 0, 600, 0,
          Traffic(340, night_floor=0.4)),
        s("living", "traffic", "simpang_lasem", "vehicles/5min", 60, 0, 320, 0, Traffic(180)),
        s("living", "traffic", "simpang_sulang", "vehicles/5min", 60, 0, 220, 0, Traffic(120)),
        s("living", "streetlight_power", "rembang", "kW", 60, 0, 230, 1, StreetLight(180)),
        s("living", "streetlight_power", "lasem", "kW", 60, 0, 150, 1, StreetLight(120)),
        s("living", "streetlight_power", "kragan", "kW", 60, 0, 100, 1, StreetLight(80)),
        s("living", "streetlight_power", "sarang", "kW", 60, 0, 90, 1, StreetLight(70)),
        s("living", "water_pressure", "pdam_rembang", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.5)),
        s("living", "water_pressure", "pdam_lasem", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.4)),
        s("living", "water_pressure", "pdam_kragan", "bar", 60, 1.0, 4.0, 2, WaterPressure(2.2)),
        s("living", "parking_occupancy", "alun_alun_rembang", "%", 120, 0, 100, 0, Occupancy()),
        # society: citizen reports, 112, public Wi-Fi
        s("society", "citizen_reports", "kabupaten_rembang", "reports/h", 300, 0, 40, 0,
          HourlyCount(1.0, ((9.0, 2.0, 6.0), (19.5, 2.0, 4.0)), weekend=0.8)),
        s("society", "emergency_calls", "ncc_112", "calls/h", 300, 0, 30, 0,
          HourlyCount(2.0, ((8.0, 2.0, 3.0), (19.0, 2.5, 5.0)), weekend=1.2)),
        s("society", "wifi_users", "alun_alun_rembang", "users", 60, 0, 660, 0, WifiUsers(220)),
        s("society", "wifi_users", "pantai_kartini", "users", 60, 0, 450, 0, WifiUsers(150)),
        s("society", "wifi_users", "alun_alun_lasem", "users", 60, 0, 360, 0, WifiUsers(120)),
        s("society", "wifi_users", "kragan", "users", 60, 0, 180, 0, WifiUsers(60)),
        s("society", "wifi_users", "sarang", "users", 60, 0, 150, 0, WifiUsers(50)),
        s("society", "wifi_users", "sulang", "users", 60, 0, 120, 0, WifiUsers(40)),
        s("society", "wifi_users", "pamotan", "users", 60, 0, 135, 0, WifiUsers(45)),
        s("society", "wifi_users", "gunem", "users", 60, 0, 90, 0, WifiUsers(25)),
        # environment: air, weather, rivers, sea
        s("environment", "pm25", "alun_alun_rembang", "ug/m3", 60, 0, 55, 1, Pm25(24)),
        s("environment", "pm25", "lasem", "ug/m3", 60, 0, 55, 1, Pm25(20)),
        s("environment", "pm25", "kragan", "ug/m3", 60, 0, 55, 1, Pm25(18)),
        s("environment", "pm25", "gunem", "ug/m3", 60, 0, 55, 1, Pm25(26)),
        s("environment", "temperature", "alun_alun_rembang", "degC", 300, 18, 40, 1,
          Temperature(24.5, 32.5)),
        s("environment", "temperature", "lasem", "degC", 300, 18, 40, 1, Temperature(24.5, 32.8)),
        s("environment", "temperature", "sale", "degC", 300, 18, 40, 1, Temperature(22.5, 31.5)),
        s("environment", "temperature", "gunem", "degC", 300, 18, 40, 1, Temperature(22.0, 31.5)),
        s("environment", "humidity", "alun_alun_rembang", "%", 300, 40, 100, 0, Humidity()),
        s("environment", "rainfall", "rembang", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "lasem", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "sedan", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "pamotan", "mm/h", 300, 0, 80, 1, Rain()),
        # gauges of the southern kecamatan, so every kecamatan has a station on the map
        s("environment", "rainfall", "sumber", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "bulu", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "rainfall", "pancur", "mm/h", 300, 0, 80, 1, Rain()),
        s("environment", "river_level", "kali_babagan", "m", 60, 0, 2.5, 2,
          RiverLevel(1.0, rain + "lasem")),
        s("environment", "river_level", "kali_sedan", "m", 60, 0, 2.5, 2,
          RiverLevel(0.8, rain + "sedan")),
        s("environment", "river_level", "kali_pamotan", "m", 60, 0, 2.5, 2,
          RiverLevel(0.9, rain + "pamotan")),
        s("environment", "tide", "pelabuhan_tasik_agung", "m", 300, -1.2, 1.2, 2, Tide()),
    )  # fmt: skip


CATALOGUE: tuple[Series, ...] = _catalogue()
"""Every simulated series at its nominal publish interval (``rate`` 1)."""
