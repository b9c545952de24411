// Public surface of the survey domain (pure functions; only loadSurveyConfig reads a file).
export * from './answers';
export * from './form';
export * from './integrity';
export * from './ranking';
export * from './rounding';
export * from './sample-size';
export * from './sipas';
export * from './sociological';
export * from './survey-config';
export * from './weighting';
export * from './wilson';
