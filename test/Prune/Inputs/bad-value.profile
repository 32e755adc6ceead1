[facts]
training = ((
