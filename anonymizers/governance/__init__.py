"""The AI-policy promises: opt-outs, deletion, access, dates, risk, fairness."""
