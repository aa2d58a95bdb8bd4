# A commune name of 10 MB in a spreadsheet cell.
{
  printf 'year;2023\nregion;dbscl\ncommune-code;29116\ncommune-name;'
  head -c 10485760 /dev/zero | tr '\0' 'x'
  printf '\ndistrict;Huyện Trà Cú\nprovince;Trà Vinh\n\nset;code;value\nxa-ntm;10;63,47\n'
} >input.csv
