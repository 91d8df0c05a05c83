"""Probe: a call centre's speech-to-text output, one JSON Lines record per call.

calls.jsonl (call ids, agent ids, the caller's number, the call's ``transcript`` and the
same words as a list of ``{word, start, end, confidence}`` the way speech-to-text
services return them: callers giving their name, a phone number and an account number
digit by digit, spelling their surname letter by letter "R I V E R A").

    python -m bench.probes.speech_calls 1500 /tmp/calls && safeset run /tmp/calls
"""

import random

from bench.probes import rows_and_folder, seeded, write_jsonl

n, out = rows_and_folder()
g = seeded(["en_US"], 4900)["en_US"]
rnd = random.Random(49)
calls = []
for i in range(n):
    first, last = g.first_name(), g.last_name()
    digits = " ".join(g.numerify("##########"))
    account = " ".join(str(rnd.randint(10**7, 10**8)))
    script = rnd.choice([
        f"thank you for calling this is {g.first_name().lower()} how can I help",
        f"hi my name is {first} {last} and I am calling about my bill",
        f"sure can I have your phone number please it is {digits}",
        f"my account number is {account}",
        "okay thank you have a nice day",
        f"can you spell your last name please {' '.join(last.upper())}",
    ])  # fmt: skip
    t, words = 0.0, []
    for word in script.split():
        d = round(rnd.uniform(0.15, 0.6), 2)
        words.append({"word": word, "start": round(t, 2), "end": round(t + d, 2),
                      "confidence": round(rnd.uniform(0.7, 1.0), 3)})  # fmt: skip
        t += d + 0.05
    calls.append({"call_id": f"CALL-{i:06d}", "agent_id": f"AG{rnd.randint(100, 199)}",
                  "caller_number": g.phone_number(), "transcript": script, "words": words,
                  "sentiment": rnd.choice(["positive", "neutral", "negative"])})  # fmt: skip
write_jsonl(out / "calls.jsonl", calls)
