package vm

import "fmt"

// EchoPort is the port of the test service InstallEchoService starts, and
// EchoBulk the size of the padding of each answer: large enough that the NIC
// an answer leaves by stands out in the router's counters.
const (
	EchoPort = 8080
	EchoBulk = 256 << 10
)

// echoProgram is the test service in the guest: it answers on EchoPort with
// the caller's address on the first line, then EchoBulk bytes.
const echoProgram = `import http.server as h
pad = b"x" * %d
class H(h.BaseHTTPRequestHandler):
    def do_GET(self):
        b = (self.client_address[0] + "\n").encode() + pad
        self.send_response(200)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    def log_message(self, *a):
        pass
h.ThreadingHTTPServer(("0.0.0.0", %d), H).serve_forever()
`

// echoUnit runs echoProgram at every boot.
const echoUnit = `[Unit]
Description=eipkit test service
After=network.target

[Service]
ExecStart=/usr/bin/python3 /usr/local/bin/eipkit-echo
Restart=always

[Install]
WantedBy=multi-user.target
`

// InstallEchoService installs the test service in the guest as a systemd
// unit and starts it; it starts again at every boot.
func (in *Instance) InstallEchoService() error {
	prog := fmt.Sprintf(echoProgram, EchoBulk, EchoPort)
	_, err := in.VM.Agent.Sh("cat > /usr/local/bin/eipkit-echo <<'EOF'\n" + prog + "EOF\n" +
		"cat > /etc/systemd/system/eipkit-echo.service <<'EOF'\n" + echoUnit + "EOF\n" +
		"systemctl daemon-reload && systemctl enable --now eipkit-echo.service")
	return err
}
