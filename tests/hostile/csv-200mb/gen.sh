# 200 MB: a real first row, then zeros (a sparse file).
printf 'year;2023\n' >input.csv
truncate -s 200M input.csv
