import copy, json, os, subprocess, torch, torch.nn as nn

torch.manual_seed(0)                                   # your model and data here
x = torch.randn(4096, 20); y = (x[:, :5].sum(1) > 0).long()
model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 2))
opt = torch.optim.SGD(model.parameters(), lr=1e-6, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
saved = copy.deepcopy(model.state_dict()), copy.deepcopy(opt.state_dict())

lrfind = subprocess.Popen(
    [os.environ.get("LRFIND", "lrfind"), "drive", "--init-lr", "1e-5",
     "--max-lr", "10", "--iters", "300", "--log", "range.csv",
     "--json", "range.json", "-q"],
    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
for line in lrfind.stdout:                   # one lr per batch, until the test is over
    for group in opt.param_groups:
        group["lr"] = float(line)
    i = torch.randint(0, len(x), (64,))
    opt.zero_grad()
    loss = loss_fn(model(x[i]), y[i])
    loss.backward()
    opt.step()
    print(loss.item(), file=lrfind.stdin, flush=True)   # its loss, back to lrfind
lrfind.stdin.close()
lrfind.wait()
model.load_state_dict(saved[0]); opt.load_state_dict(saved[1])   # as before the test
print("suggested lr:", json.load(open("range.json"))["runs"][0]["suggestion"])
