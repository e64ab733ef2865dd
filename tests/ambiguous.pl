#!/usr/bin/perl
# ambiguous.pl FILE — prints the East Asian Ambiguous characters (UAX #11
# class A, from unicode-data's EastAsianWidth.txt) in the UTF-8 bytes of
# FILE as "U+XXXX" words, at most 20; exit 0 when there is one, 1 when none,
# 2 when a file cannot be read.  Invalid UTF-8 counts as U+FFFD, itself
# ambiguous: a terminal shows it so.  For the terminal tests (bytes captured
# with tmux pipe-pane) and tests/multiuser.  perl-base only (no Encode: it
# is not in minimal Debian systems).
use strict;
use warnings;

my $table = $ENV{EAW_TXT} // "/usr/share/unicode/EastAsianWidth.txt";
open my $t, "<", $table or do { print STDERR "$table: $!\n"; exit 2 };
my @r;
while (<$t>) {
	push @r, [hex $1, hex($2 // $1)] if /^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*A\b/;
}
local $/;
open my $f, "<:raw", $ARGV[0] or do { print STDERR "$ARGV[0]: $!\n"; exit 2 };
my $raw = <$f> // "";
my %seen;
while ($raw =~ /\G(?:[\x00-\x7F]+|([\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3})|.)/gs) {
	my ($seq, $c) = ($1, 0xFFFD);   # no sequence: ASCII or a bad byte
	if (defined $seq) {
		$c = ord($seq) if utf8::decode($seq) && length($seq) == 1;
	} elsif (substr($raw, $-[0], 1) lt "\x80") {
		next;
	}
	next if $c < 0xA1 || $seen{$c};
	for (@r) { if ($c >= $_->[0] && $c <= $_->[1]) { $seen{$c} = 1; last } }
}
my @found = sort { $a <=> $b } keys %seen;
print join(" ", map { sprintf "U+%04X", $_ } @found[0 .. ($#found < 19 ? $#found : 19)]), "\n" if @found;
exit(@found ? 0 : 1);
