import json, sys
from cloudinit import helpers, user_data
from cloudinit.handlers import CONTENT_END, CONTENT_START
from cloudinit.handlers.cloud_config import CloudConfigPartHandler

paths = helpers.Paths({"cloud_dir": sys.argv[2]})
with open(sys.argv[1], "rb") as f:
    msg = user_data.UserDataProcessor(paths).process(f.read())
h = CloudConfigPartHandler(paths)
h.cloud_fn = None
h.handle_part(None, CONTENT_START, None, None, None, None)
for part in msg.walk():
    if part.get_content_type() != "text/cloud-config":
        continue
    payload = part.get_payload(decode=True).decode()
    h.handle_part(None, "text/cloud-config", part.get_filename() or "", payload, None, part)
print(json.dumps(h.cloud_buf, sort_keys=True))
