Route 1 : 39 23 67 55 4 25
Route 2 : 62 11 90 10
Route 3 : 14 44 38 43 91 100
Route 4 : 52
Route 5 : 63 64 49 48
Route 6 : 95 99 94
Route 7 : 12 76 79 3 54 24 80
Route 8 : 28 29 78 34 35 77
Route 9 : 2 21 73 41 26
Route 10 : 31 88 7
Route 11 : 36 47 19 8 46 60 89
Route 12 : 65 71 9 66 1
Route 13 : 59 98 16 86 17
Route 14 : 45 83 84 96
Route 15 : 5 61 85 37 93
Route 16 : 92 42 15 87 57 97 13
Route 17 : 82 18 6
Route 18 : 27 69 30 51 20 32 70
Route 19 : 72 75 22 56 74 58
Route 20 : 40 53
Route 21 : 33 81 50 68
Cost 1647.8
