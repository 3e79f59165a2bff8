import Builder
print("builder")
