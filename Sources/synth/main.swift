// Entry point; replaced by the language front end.
print("synth")
