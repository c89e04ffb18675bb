"""The stage passes (DS301-DS303) and the builder/runtime split's planners, one per ecosystem
(`python`, `node`, `compiled`), each returning a `plan.Plan` or refusing with the reason the
stage is left alone (`plan.Refused`)."""
