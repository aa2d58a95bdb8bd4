# A criterion holding 100,000 nested elements.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<rule-set id="xa-demo@tinh" ref="xa-demo" name="Bộ tỉnh" from-year="2023" to-year="2025" extends="xa-demo@2023">\n'
  printf '  <legal-basis decision="02/QĐ" date="2023-03-01" verified="true" source="demo"/>\n'
  printf '  <applies-to province="Tỉnh Minh Họa"/>\n  <override indicator="10">'
  yes '<target>' | head -n 100000 | tr -d '\n'
  yes '</target>' | head -n 100000 | tr -d '\n'
  printf '</override>\n</rule-set>\n'
} >rules/hostile.xml
