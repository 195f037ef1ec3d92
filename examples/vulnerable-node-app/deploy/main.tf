# Vulnerable on purpose: a public bucket and SSH open to the world.
resource "aws_s3_bucket" "uploads" {
  bucket = "notes-uploads"
  acl    = "public-read"
}

resource "aws_security_group" "app" {
  name = "notes-app"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
