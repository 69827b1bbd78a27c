# 6 décembre 2026, 18:33 ; 1 234 567,50
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\u202f"  # narrow no-break space, as French typography groups digits
NUMBER_GROUPING = 3
