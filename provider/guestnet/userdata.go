package guestnet

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// userDataTypes maps the first line of a user-data part to its MIME type, as
// cloud-init detects it. Longer prefixes come first.
var userDataTypes = []struct{ prefix, mimeType string }{
	{"#cloud-config-archive", "text/cloud-config-archive"},
	{"#cloud-config", "text/cloud-config"},
	{"#cloud-boothook", "text/cloud-boothook"},
	{"#include", "text/x-include-url"},
	{"#part-handler", "text/part-handler"},
	{"## template: jinja", "text/jinja2"},
	{"#!", "text/x-shellscript"},
}

// renderUserData returns cloudConfig alone, or with the user's data a MIME
// multipart document whose parts both carry merge rules that append lists.
func renderUserData(cloudConfig, user string) (string, error) {
	if user == "" {
		return cloudConfig, nil
	}
	if strings.HasPrefix(user, "\x1f\x8b") {
		return "", fmt.Errorf("userData is gzip-compressed: pass it uncompressed so it can be merged")
	}
	head := strings.ToLower(strings.TrimSpace(firstLine(user)))
	if strings.HasPrefix(head, "content-type:") || strings.HasPrefix(head, "mime-version:") {
		return "", fmt.Errorf("userData is already a MIME document: pass one of its parts, or add cloudConfig to it as a text/cloud-config part yourself")
	}
	userType := ""
	for _, t := range userDataTypes {
		if strings.HasPrefix(user, t.prefix) {
			userType = t.mimeType
			break
		}
	}
	if userType == "" {
		return "", fmt.Errorf("userData starts with %q, which cloud-init does not recognise: start it with #cloud-config or #! (a script)", firstLine(user))
	}

	sum := sha256.Sum256([]byte(cloudConfig + "\x00" + user))
	boundary := "eipkit-" + hex.EncodeToString(sum[:16])
	for strings.Contains(cloudConfig, boundary) || strings.Contains(user, boundary) {
		boundary += "x"
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.SetBoundary(boundary); err != nil {
		return "", err
	}
	if err := writePart(w, "text/cloud-config", "eipkit-guestnet.cfg", cloudConfig); err != nil {
		return "", err
	}
	if err := writePart(w, userType, "user-data", user); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	var out strings.Builder
	fmt.Fprintf(&out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\nMIME-Version: 1.0\r\n\r\n", boundary)
	out.Write(body.Bytes())
	return out.String(), nil
}

func writePart(w *multipart.Writer, mimeType, filename, content string) error {
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", mimeType+"; charset=\"utf-8\"")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	h.Set("Merge-Type", mergeTypeHeader)
	payload := content
	if !isASCII(content) {
		h.Set("Content-Transfer-Encoding", "base64")
		payload = wrap76(base64.StdEncoding.EncodeToString([]byte(content)))
	} else {
		h.Set("Content-Transfer-Encoding", "7bit")
	}
	pw, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = pw.Write([]byte(payload))
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}
