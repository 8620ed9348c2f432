# The look of every gallery plot; plots.gp (written by the gallery program)
# loads this, then sets the output and plots one activation.
set terminal svg size 760,420 noenhanced font "DejaVu Sans,13" background rgb "white"
set encoding utf8
set xrange [-8:8]
set xtics 2
set mxtics 2
set ytics autofreq
set xlabel "x"
set ylabel "y"
set grid xtics ytics lw 1 lc rgb "#dddddd"
set xzeroaxis lt 1 lw 1 lc rgb "#888888"
set yzeroaxis lt 1 lw 1 lc rgb "#888888"
set key top left box opaque spacing 1.2
set border 3 lw 1
set tics nomirror
set offsets 0, 0, graph 0.05, graph 0.05
set datafile missing "NaN"
