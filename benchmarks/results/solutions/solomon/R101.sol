Route 1 : 33 29 78 34 35 77
Route 2 : 63 64 49 48
Route 3 : 82 8 46 17
Route 4 : 39 23 67 55 25
Route 5 : 14 44 38 43 13
Route 6 : 28 12 54 24 80
Route 7 : 30 51 9 66 1
Route 8 : 72 75 22 74 58
Route 9 : 95 98 16 86 91 100
Route 10 : 65 71 81 50
Route 11 : 59 99 94 96
Route 12 : 62 11 90 20 32 70
Route 13 : 27 69 76 79 3 68
Route 14 : 40 53 26
Route 15 : 36 47 19 10
Route 16 : 45 83 84 60 89
Route 17 : 31 88 7
Route 18 : 5 61 85 37 93
Route 19 : 52 18 6
Route 20 : 92 42 15 87 57 97
Route 21 : 2 21 73 41 56 4
Cost 1653.7
