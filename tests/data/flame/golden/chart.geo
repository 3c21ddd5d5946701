#background	#eeeeee	#eeeeb0
#svg	1200	134
#text	details	10	117	 
#text	ignorecase	1174	24	ic
#text	matched	1090	117	 
#text	search	1090	24	Search
#text	title	600	24	Flame Chart
#text	unzoom	10	24	Reset Zoom
all (10 samples, 100%)	10.0	85	1180.0	15	#d52709
b (1 samples, 10.00%)	10.0	53	118.0	15	#e6751c	13.00	63.5	b
b (3 samples, 30.00%)	364.0	53	354.0	15	#e6751c	367.00	63.5	b
b (3 samples, 30.00%)	836.0	53	354.0	15	#e6751c	839.00	63.5	b
c (2 samples, 20.00%)	128.0	53	236.0	15	#e05714	131.00	63.5	c
d (1 samples, 10.00%)	836.0	37	118.0	15	#d9390d	839.00	47.5	d
idle (1 samples, 10.00%)	718.0	69	118.0	15	#ef9d25	721.00	79.5	idle
main (3 samples, 30.00%)	836.0	69	354.0	15	#f3b32a	839.00	79.5	main
main (6 samples, 60.00%)	10.0	69	708.0	15	#f3b32a	13.00	79.5	main
