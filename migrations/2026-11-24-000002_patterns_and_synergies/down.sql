DROP TABLE preferences;
DROP TABLE analysis_runs;
DROP TABLE synergy_feedback;
DROP TABLE synergies;
DROP TABLE pattern_history;
DROP TABLE patterns;
