#background	#eeeeee	#eeeeb0
#svg	1200	134
#text	details	10	117	 
#text	ignorecase	1174	24	ic
#text	matched	1090	117	 
#text	search	1090	24	Search
#text	title	600	24	Flame Graph
#text	unzoom	10	24	Reset Zoom
all (10 samples, 100%)	10.0	85	1180.0	15	#d52709
b (7 samples, 70.00%)	128.0	53	826.0	15	#e6751c	131.00	63.5	b
c (2 samples, 20.00%)	954.0	53	236.0	15	#e05714	957.00	63.5	c
d (1 samples, 10.00%)	836.0	37	118.0	15	#d9390d	839.00	47.5	d
idle (1 samples, 10.00%)	10.0	69	118.0	15	#ef9d25	13.00	79.5	idle
main (9 samples, 90.00%)	128.0	69	1062.0	15	#f3b32a	131.00	79.5	main
