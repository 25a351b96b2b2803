"""The error types of analysis/: a wrong spec or a spec/panel mismatch (SpecError), and a model the
data cannot identify (NotEstimable)."""


class SpecError(ValueError):
    """A spec field is missing or wrong, or names a column the panel lacks; the message says where."""


class NotEstimable(ValueError):
    """The column's model is not identified on its data: no complete row in its sample, every row a
    singleton of the fixed effects, the reported regressor dropped as collinear, or no residual
    degrees of freedom left by the fixed effects and regressors (a small split sample, a measure
    needing a reference table the run does not have). The runner records the
    column without estimates and says why, instead of failing the study."""
