#background	#eeeeee	#eeeeb0
#svg	250	103
#text	details	10	89	 
#text	ignorecase	224	18	ic
#text	matched	140	89	 
#text	search	140	18	Search
#text	title	125	18	Flame Graph
#text	unzoom	10	18	Reset Zoom
`x (3 samples, 2.65%)	10.0	44	6.1	15	#da3c0e
a`b`c (5 samples, 4.42%)	117.9	28	10.2	15	#e05714
all (113 samples, 100%)	10.0	60	230.0	15	#d52709
b (50 samples, 44.25%)	16.1	44	101.8	15	#e6751c	19.11	54.5	b
libc.so`malloc (5 samples, 4.42%)	117.9	44	10.2	15	#cd0000
x (50 samples, 44.25%)	138.2	28	101.8	15	#ee9924	141.23	38.5	x
z (1 samples, 0.88%)	128.1	44	2.0	15	#e15e16
é`ü (3 samples, 2.65%)	10.0	28	6.1	15	#d21805
Ωmega (4 samples, 3.54%)	130.1	44	8.1	15	#d42007
Ωmega_日本語_テスト_長い名前です (50 samples, 44.25%)	138.2	44	101.8	15	#d7310b	141.23	54.5	Ωmega_日本語_テスト_長い名..
日本語 (4 samples, 3.54%)	130.1	28	8.1	15	#fddf35
