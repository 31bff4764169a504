Route 1 : 72 75 22 74
Route 2 : 52 18 6
Route 3 : 2 21 73 41 56 4
Route 4 : 36 47 19 10
Route 5 : 5 61 85 97 13
Route 6 : 28 12 54 24 80
Route 7 : 30 51 9 66 1
Route 8 : 92 42 15 87 57 58
Route 9 : 95 99 94 96
Route 10 : 82 8 46 17
Route 11 : 40 53 26
Route 12 : 59 98 16 86 37 93
Route 13 : 33 29 78 34 35 77
Route 14 : 62 11 90 20 32 70
Route 15 : 65 71 81 50
Route 16 : 63 64 49 48
Route 17 : 31 88 7
Route 18 : 39 23 67 55 25
Route 19 : 14 44 38 43 91 100
Route 20 : 27 69 76 79 3 68
Route 21 : 45 83 84 60 89
Cost 1658.6
