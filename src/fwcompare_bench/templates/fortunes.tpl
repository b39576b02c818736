<!DOCTYPE html>
<html>
<head><title>Fortunes</title></head>
<body>
<table>
<tr><th>id</th><th>message</th></tr>
% for row in rows:
<tr><td>{{row['id']}}</td><td>{{row['message']}}</td></tr>
% end
</table>
</body>
</html>
