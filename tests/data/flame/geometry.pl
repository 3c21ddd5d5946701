#!/usr/bin/perl
# Prints the frames of a flame graph SVG (flamegraph.pl's or hr-flame's) one a
# line, sorted: title, x, y, width, height, fill, and the label with its
# position when there is one; then lines starting with "#" for the image size,
# the background and the texts around the frames (title, details, buttons). Numbers and colours are normalised so that two
# drawings of the same picture print the same lines.
use strict;
use warnings;

local $/;
my $svg = <>;
my @out;
$svg =~ /<svg [^>]*width="([^"]*)" height="([^"]*)"/ or die "no svg element\n";
push @out, "#svg\t" . ($1 + 0) . "\t" . ($2 + 0) . "\n";
$svg =~ /<stop stop-color="([^"]*)" offset="5%"\s*\/>\s*<stop stop-color="([^"]*)"/
	or die "no background gradient\n";
push @out, "#background\t$1\t$2\n";
while ($svg =~ m{<text\s+id="(\w+)" x="([^"]*)" y="([^"]*)"[^>]*>(.*?)</text>}gs) {
	push @out, "#text\t$1\t" . ($2 + 0) . "\t" . ($3 + 0) . "\t$4\n";
}
$svg =~ s/.*<g id="frames">//s or die "no frames group\n";
while ($svg =~ m{<(g|a)\b[^>]*>\s*<title>(.*?)</title>\s*<rect ([^>]*?)\s*/>\s*(?:<text ([^>]*)>(.*?)</text>\s*)?</\1>}gs) {
	my ($title, $rect, $tattr, $label) = ($2, $3, $4, $5);
	my %r = $rect =~ /(\w+)="([^"]*)"/g;
	my $fill = $r{fill};
	$fill = sprintf "#%02x%02x%02x", $1, $2, $3 if $fill =~ /^rgb\((\d+),(\d+),(\d+)\)$/;
	my $line = join "\t", $title, sprintf("%.1f", $r{x}), $r{y} + 0,
		sprintf("%.1f", $r{width}), $r{height} + 0, $fill;
	if (defined $label && $label ne "") {
		my %t = $tattr =~ /(\w+)="([^"]*)"/g;
		$line .= "\t" . join "\t", sprintf("%.2f", $t{x}), $t{y} + 0, $label;
	}
	push @out, "$line\n";
}
print sort @out;
