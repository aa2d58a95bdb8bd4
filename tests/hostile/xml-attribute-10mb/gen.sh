# A commune name of 10 MB.
{
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<submission year="2023" region="dbscl">\n'
  printf '  <commune code="29116" name="'
  head -c 10485760 /dev/zero | tr '\0' 'x'
  printf '" district="Huyện Trà Cú" province="Trà Vinh"/>\n  <set ref="xa-ntm"/>\n</submission>\n'
} >input.xml
