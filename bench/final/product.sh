# Sourced by the scripts here: starts the product with ./sculptor start (its own data under
# .sculptor/), logging to $log, stops it when the calling script exits, and sets $url and $key.
./sculptor start > "$log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "API key" "$log" && break
  kill -0 $launcher 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
url=$(sed -n 's/.*web UI *\(http[^ ]*\)\/$/\1/p' "$log" | head -1)
key=$(sed -n 's/.*API key *\(sk-[^ ]*\).*/\1/p' "$log" | head -1)
[ -n "$url" ] && [ -n "$key" ] || { echo "could not read the url or key from $log"; exit 1; }
