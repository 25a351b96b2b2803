"""Sizes of the firm universe per scale, and every planted parameter of the firm-level DGP.

The planted values are written to truth.json (studies robots_dvar, digital_patents_quality,
trade_digitization_quality); tests and reports compare estimates with them.
"""
from __future__ import annotations

from dataclasses import dataclass

YEARS = tuple(range(2000, 2016))
FIRST, LAST = YEARS[0], YEARS[-1]


@dataclass(frozen=True)
class FirmScale:
    name: str
    n_initial: int          # producers (industrial firms) alive in 2000
    n_entrants: int         # producers founded in each year 2001-2015
    n_intermediaries: int   # trading companies (customs only)
    varieties: float        # mean export varieties (HS6 x destination) of a direct exporter
    write_varieties: bool   # also write the variety-level truth (big at `large`)


SCALES = {
    "tiny": FirmScale("tiny", 420, 30, 12, 3.0, True),
    "demo": FirmScale("demo", 6_500, 480, 120, 4.0, True),
    "large": FirmScale("large", 372_000, 27_500, 6_000, 2.9, False),
}


def get_firm_scale(name: str) -> FirmScale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; choose one of {sorted(SCALES)}") from None


# --- survey coverage (thousand RMB of sales) -------------------------------------------------
THRESHOLD_K_RMB = {y: 5_000 if y < 2011 else 20_000 for y in YEARS}   # "above designated size"
ALL_SOE_UNTIL = 2006          # until 2006 every state-owned firm is surveyed whatever its size
THIN_YEAR, THIN_KEEP = 2010, 0.72   # the notoriously incomplete 2010 wave

# --- KSW export demand (firm f x HS6 h x destination d x year t) ----------------------------
#   ln lam = a_h + zeta_f + xi_fd + g_t + DELTA_PATENT ln(1 + digital patents_ft)
#            + DELTA_FLEX flex_ft + DELTA_DIG lndig_ft + u_fhdt           (u AR(1) per variety)
#   ln p   = c_h + KAPPA ln lam - PSI (ln phi_ft - mean) + e_p            (FOB USD per unit)
#   ln q   = chi_hdt + d_f - SIGMA ln p + (SIGMA - 1) ln lam + e_q        (customs unit)
SIGMA, KAPPA, PSI = 4.0, 0.5, 0.3
RHO_U, SD_U, SD_EP, SD_EQ, SD_ZETA, SD_XI = 0.5, 0.15, 0.10, 0.20, 0.30, 0.20
QUALITY_TREND = 0.01
DELTA_PATENT = 0.06           # per unit of ln(1 + digital invention patent applications)
DELTA_FLEX = 0.08             # per unit (sd) of latent flexible productivity
DELTA_DIG = 0.03              # direct effect per unit of lndig = ln(dig_tr)
ALPHA_DIG_FLEX = 0.40         # latent flex rises by this per unit of lndig

# --- flexible productivity -> the shape of a firm's export records --------------------------
FLEX_MONTH_A, FLEX_MONTH_B = -0.3, 0.7    # P(month active) = logistic(A + B flex)
FLEX_CONC_A, FLEX_CONC_B = 0.4, 0.6      # Dirichlet concentration of monthly shares = exp(A - B flex)
SD_FLEX = 0.5                            # idiosyncratic yearly noise of latent flex

# --- DVAR (Upward-Wang-Zheng direct form) and robots -----------------------------------------
#   DVAR_ft = v_f + DVAR_TREND (t - 2000) + BETA_ROBOT (exposure_jt - exposure_j,2000) + e, with
#   exposure = ln(1 + robots per 10,000 workers of the firm's IFR industry in the 2000 survey);
#   the firm's base-year exposure sits in its own level v_f (firm FE); imports are set so that
#   M^P = X^P (1 - DVAR) and M^O = (D + X^O)(1 - DVAR)
BETA_ROBOT = 0.02
DVAR_TREND, SD_DVAR = 0.003, 0.02
DVAR_PROCESSING, DVAR_ORDINARY, SD_DVAR_F = 0.36, 0.78, 0.05
ROBOT_BASE_YEAR = 2000
ROBOT_SHARE_YEARS = (2014, 2020)         # years whose allocated shares split IFR's `99` stock
ORDINARY_IMPORTER_SHARE = 0.75           # ordinary exporters that import (processing ones all do)

# --- intermediaries --------------------------------------------------------------------------
INTERMEDIARY_IMPORT_SHARE = 0.20         # mean share of ordinary imports routed via traders (2000)
INTERMEDIARY_DECLINE = 0.03              # ... falling by this fraction of itself per year
INDIRECT_EXPORTER_SHARE = 0.45           # producers that (also) export through traders
SMALL_SHARE = 0.25                       # producers that are workshops below the survey threshold

# --- digital technology ----------------------------------------------------------------------
PATENT_TREND = 0.12                      # growth of the digital-patent rate per year
DIG_START = {"pit": 2000, "pdo": 2002, "icp": 2000}   # platform / homepage availability
