package guestnet

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// Cloud Assistant takes at most 18 KB of Base64 per command (CreateCommand's CommandContent),
// less than the guest installation, so the installation goes compressed in a fixed number of
// parts: each part's command stores its piece on the instance, and the last one waits for
// every piece, checks the whole against its SHA-256, and runs it.
const (
	// DeliveryParts is how many commands carry one installation; fixed, because the number of
	// resources must be known before the installation is.
	DeliveryParts = 4
	// MaxCommandContent is the longest CommandContent (Base64) of one command: 18 KB.
	MaxCommandContent = 18 << 10
	// deliveryDir is where the parts wait on the instance; EIPKIT_DELIVERY_DIR overrides it.
	deliveryDir = "/var/lib/eipkit-guestnet/delivery"
)

//go:embed files/delivery-part.sh
var deliveryPart string

// DeliveryPart is one command of a delivery: its name (which carries the installation's hash,
// so a changed installation makes new commands and invocations, and an unchanged one is not
// run again) and its Base64 content.
type DeliveryPart struct {
	Name, Content string
}

// CloudAssistantDelivery splits the installer into DeliveryParts commands of component, each
// within MaxCommandContent.
func CloudAssistantDelivery(component, installer string) ([]DeliveryPart, error) {
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte(installer)); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	payload := base64.StdEncoding.EncodeToString(gz.Bytes())
	sum := sha256.Sum256([]byte(installer))
	hash := hex.EncodeToString(sum[:])
	size := (len(payload) + DeliveryParts - 1) / DeliveryParts
	body := strings.TrimPrefix(deliveryPart, "#!/bin/sh\n")
	parts := make([]DeliveryPart, DeliveryParts)
	for k := range parts {
		piece := payload[min(k*size, len(payload)):min((k+1)*size, len(payload))]
		script := fmt.Sprintf("#!/bin/sh\n# eipkit guest network installation %s, part %d of %d.\n"+
			"d=${EIPKIT_DELIVERY_DIR:-%s}\nh=%s\nsum=%s\nk=%d\nn=%d\npiece='%s'\n%s",
			hash[:10], k+1, DeliveryParts, deliveryDir, hash[:16], hash, k, DeliveryParts, piece, body)
		content := base64.StdEncoding.EncodeToString([]byte(script))
		if len(content) > MaxCommandContent {
			return nil, fmt.Errorf("deliverWithCloudAssistant: part %d of the guest installation is %d bytes of Base64, over "+
				"Cloud Assistant's %d per command (CreateCommand); use guest.mode metadata, which renders less, or "+
				"apply the userData or installer output another way", k+1, len(content), MaxCommandContent)
		}
		parts[k] = DeliveryPart{Name: fmt.Sprintf("%s-guestnet-%s-%d", component, hash[:10], k+1), Content: content}
	}
	return parts, nil
}
