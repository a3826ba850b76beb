@header@
