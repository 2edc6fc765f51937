#!/bin/sh
# A DEVELOPMENT certificate for the compose stack's gateways (deploy/compose.yaml), from a one-off
# local CA whose private key is deleted as soon as it has signed. Writes, in deploy/secrets/
# (git-ignored; or the directory given as $1):
#   dev-ca.crt   the CA certificate: what clients trust (curl --cacert deploy/secrets/dev-ca.crt)
#   tls.crt      the gateway certificate (EC P-256, 30 days) for localhost, 127.0.0.1, ::1,
#                gateway-1 and gateway-2
#   tls.key      its private key
# Never use it for real data: use a certificate from your CA. Run it again to renew (the gateways
# reload it by themselves: tls.watch in the deployment policy).
#   sh deploy/dev-cert.sh
set -eu

out=${1:-$(dirname "$0")/secrets}
days=${PHIGUARD_DEV_CERT_DAYS:-30}
mkdir -p "$out"
work=$(mktemp -d "$out/.dev-cert.XXXXXX")   # same filesystem: the final mv is a rename
trap 'rm -rf "$work"' EXIT INT TERM
umask 077

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days "$days" \
  -subj "/CN=phiguard compose development CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -subj "/CN=localhost" \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
cat > "$work/ext.cnf" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,DNS:gateway-1,DNS:gateway-2
EOF
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null
openssl verify -CAfile "$work/ca.crt" "$work/tls.crt" >/dev/null

# Key before certificate, each by rename: a watching gateway never sees a certificate without its key.
# 0644: compose mounts the files as they are and the gateway runs as uid 1000 (deploy/README.md);
# the directory stays 0700 so that no other user of the host reaches them.
chmod 0644 "$work/tls.key" "$work/tls.crt" "$work/ca.crt"
mv -f "$work/tls.key" "$out/tls.key"
mv -f "$work/tls.crt" "$out/tls.crt"
mv -f "$work/ca.crt" "$out/dev-ca.crt"
chmod 0700 "$out"
echo "wrote $out/tls.crt, $out/tls.key and $out/dev-ca.crt (valid $days days; the CA key is gone)"
