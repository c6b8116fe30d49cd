"""The machinery of the conformance suites (not suites themselves): selecting the
implementation, the backends, reaching the candidate, intercepting its requests, races,
strategies, reports, and the plugin's parts (options, selection, recording, fixtures)."""
