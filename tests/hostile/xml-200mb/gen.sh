# 200 MB: a real header, then zeros (a sparse file: nothing is written to disk).
printf '<?xml version="1.0" encoding="UTF-8"?>\n<submission year="2023" region="dbscl">\n' >input.xml
truncate -s 200M input.xml
