"""PCA of the digital-technology indicators (paper 003 Table 7's robustness index).

The paper gives no details; the choices (documented in docs/studies/province_digital_tsi.md):
indicators z-scored over all study province-years (sample sd), eigen-decomposition of their
correlation matrix, components with eigenvalue > var pdt_pca_min_eigenvalue kept, each
component's sign set so that its loadings sum to a positive number (higher = more digital),
weights = eigenvalue / sum of the kept eigenvalues. One row per component x indicator;
idx_digital_pca builds the index from it (unit-variance scores, variance-share weighted).
"""
import numpy as np
import pandas as pd

COLUMNS = {"component": "int64", "indicator_code": "str", "loading": "float64", "eigenvalue": "float64",
           "variance_share": "float64", "retained": "bool", "weight": "float64", "mean": "float64",
           "sd": "float64", "n_obs": "int64"}


def model(dbt, session):
    dbt.config(materialized="table")
    min_eigen = float(dbt.config.meta_get("pca_min_eigenvalue", 1.0))   # var pdt_pca_min_eigenvalue
    long = dbt.ref("int_dig__normalised").df()
    if long.empty:          # no provincial yearbooks in the raw directory: an empty, typed table
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})
    wide = long.pivot_table(index=["province_code", "year"], columns="indicator_code", values="x")
    codes = sorted(wide.columns)
    x = wide[codes].to_numpy(dtype="float64")
    mean, sd = x.mean(axis=0), x.std(axis=0, ddof=1)
    corr = np.corrcoef((x - mean) / sd, rowvar=False)
    eigval, eigvec = np.linalg.eigh(corr)
    order = np.argsort(eigval)[::-1]
    eigval, eigvec = eigval[order], eigvec[:, order]
    eigvec = eigvec * np.where(eigvec.sum(axis=0) < 0, -1.0, 1.0)
    kept = eigval > min_eigen
    weight = np.where(kept, eigval / eigval[kept].sum(), np.nan)
    rows = [{"component": k + 1, "indicator_code": c, "loading": float(eigvec[j, k]),
             "eigenvalue": float(eigval[k]), "variance_share": float(eigval[k] / eigval.sum()),
             "retained": bool(kept[k]), "weight": float(weight[k]) if kept[k] else None,
             "mean": float(mean[j]), "sd": float(sd[j]), "n_obs": int(len(x))}
            for k in range(len(codes)) for j, c in enumerate(codes)]
    return pd.DataFrame(rows, columns=list(COLUMNS))
