print("newswatch")
