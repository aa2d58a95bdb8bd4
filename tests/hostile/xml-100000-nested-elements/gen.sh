# A submission whose set holds 100,000 nested elements.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<submission year="2023" region="dbscl">\n'
  printf '  <commune code="29116" name="Xã Ngọc Biên" district="Huyện Trà Cú" province="Trà Vinh"/>\n'
  printf '  <set ref="xa-ntm">'
  yes '<a>' | head -n 100000 | tr -d '\n'
  yes '</a>' | head -n 100000 | tr -d '\n'
  printf '</set>\n</submission>\n'
} >input.xml
