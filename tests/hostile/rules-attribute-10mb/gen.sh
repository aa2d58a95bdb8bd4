# A legal basis whose source= is 10 MB long.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n'
  printf '<rule-set id="xa-demo@tinh" ref="xa-demo" name="Bộ tỉnh" from-year="2023" to-year="2025" extends="xa-demo@2023">\n'
  printf '  <legal-basis decision="02/QĐ" date="2023-03-01" verified="true" source="'
  head -c 10485760 /dev/zero | tr '\0' 'x'
  printf '"/>\n  <applies-to province="Tỉnh Minh Họa"/>\n</rule-set>\n'
} >rules/hostile.xml
