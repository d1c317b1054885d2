print("hyoka")
