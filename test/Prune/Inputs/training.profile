[facts]
training = True
[inputs]
labels = passed
