# A 200 MB rule file: a real header, then zeros (a sparse file: nothing is written to disk).
printf '<?xml version="1.0" encoding="UTF-8"?>\n<rule-set id="xa-demo@tinh" ref="xa-demo">\n' >rules/hostile.xml
truncate -s 200M rules/hostile.xml
