[facts]
training = True
[nonsense]
x = 1
